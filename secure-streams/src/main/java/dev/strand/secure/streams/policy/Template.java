package dev.strand.secure.streams.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A policy string with {@code ${name}} metadata substitutions, as lws allows in {@code endpoint},
 * {@code http_url} and the mqtt topics. A {@code $} not followed by {@code {} is literal.
 * Immutable.
 */
public final class Template {

    private final String text;
    private final List<String> literals;
    private final List<String> names;

    private Template(String text, List<String> literals, List<String> names) {
        this.text = text;
        this.literals = literals;
        this.names = names;
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException for an unterminated {@code ${} or an empty name
     */
    public static Template parse(String text) {
        Objects.requireNonNull(text, "text");
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int from = 0;
        int i;
        while ((i = text.indexOf("${", from)) >= 0) {
            int end = text.indexOf('}', i + 2);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated \"${\" at offset " + i + " in \"" + text + "\"");
            }
            String name = text.substring(i + 2, end);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty \"${}\" at offset " + i + " in \"" + text + "\"");
            }
            literals.add(text.substring(from, i));
            names.add(name);
            from = end + 1;
        }
        literals.add(text.substring(from));
        return new Template(text, List.copyOf(literals), List.copyOf(names));
    }

    /** The text as written in the policy. */
    public String text() {
        return text;
    }

    /** The metadata names substituted, each once, in order of first use. */
    public Set<String> metadataNames() {
        return new LinkedHashSet<>(names);
    }

    /** Whether anything is substituted (otherwise {@link #text()} is the value). */
    public boolean hasSubstitutions() {
        return !names.isEmpty();
    }

    /**
     * Substitutes each {@code ${name}} with {@code values.apply(name)}.
     *
     * @param values the value for each name; {@code null} means the name is not declared
     * @throws UnknownMetadataException if {@code values} returns {@code null} for a name
     */
    public String expand(Function<String, String> values) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int k = 0; k < names.size(); k++) {
            sb.append(literals.get(k));
            String v = values.apply(names.get(k));
            if (v == null) {
                throw new UnknownMetadataException(names.get(k), text);
            }
            sb.append(v);
        }
        return sb.append(literals.get(literals.size() - 1)).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
