package dev.strand.secure.streams.policy;

/**
 * A {@code ${name}} substitution named metadata that the streamtype does not declare. The policy
 * loader rejects such templates, so this is only seen when a template is expanded with values
 * from elsewhere.
 */
public final class UnknownMetadataException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String metadataName;

    UnknownMetadataException(String metadataName, String template) {
        super("${" + metadataName + "} in \"" + template + "\" names metadata that is not declared");
        this.metadataName = metadataName;
    }

    /** The undeclared name. */
    public String metadataName() {
        return metadataName;
    }
}
