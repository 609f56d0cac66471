package dev.strand.distribution.cli;

/** The arguments given to a subcommand are wrong; the message says how. */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
