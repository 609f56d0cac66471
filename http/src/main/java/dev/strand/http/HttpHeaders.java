package dev.strand.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ordered list of header fields (or trailer fields) with case-insensitive names. Immutable.
 * Every field is validated when it is added (RFC 9110 §5.1, §5.5): names are tokens, values hold
 * no CR, LF, NUL or other control characters, so a header can never smuggle a line break onto
 * the wire.
 */
public final class HttpHeaders {

    /** No fields. */
    public static final HttpHeaders EMPTY = new HttpHeaders(List.of());

    /** One header field. */
    public record Field(String name, String value) {
    }

    private final List<Field> fields;

    private HttpHeaders(List<Field> fields) {
        this.fields = fields;
    }

    /** Fields from name, value pairs: {@code of("Accept", "text/plain", "X-Id", "7")}. */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("header names and values must come in pairs");
        }
        Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting with these fields. */
    public Builder toBuilder() {
        Builder b = new Builder(fields.size() + 2);
        b.fields.addAll(fields);
        return b;
    }

    /** The first value of {@code name}. */
    public Optional<String> first(String name) {
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (f.name.equalsIgnoreCase(name)) {
                return Optional.of(f.value);
            }
        }
        return Optional.empty();
    }

    /** Every value of {@code name}, in order. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (f.name.equalsIgnoreCase(name)) {
                out.add(f.value);
            }
        }
        return out;
    }

    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /**
     * Whether a comma-separated list header ({@code Connection}, {@code Transfer-Encoding}) holds
     * {@code token}, compared case-insensitively across all its fields.
     */
    public boolean hasToken(String name, String token) {
        for (String v : all(name)) {
            for (String part : v.split(",")) {
                if (part.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The fields in order. */
    public List<Field> fields() {
        return fields;
    }

    public int size() {
        return fields.size();
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpHeaders h && fields.equals(h.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }

    /** Whether {@code c} may appear in a token (RFC 9110 §5.6.2). */
    public static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** Whether {@code c} may appear in a field value: visible, SP, HTAB or obs-text. */
    public static boolean isFieldValueChar(int c) {
        return c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff);
    }

    /** Whether {@code s} is a non-empty token. */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Collects fields, validating each. {@link #build()} hands its list to the headers it makes
     * without copying; a builder used again after that works on a copy. Not thread-safe.
     */
    public static final class Builder {
        private List<Field> fields;
        private boolean built;

        private Builder() {
            this(8);
        }

        private Builder(int capacity) {
            fields = new ArrayList<>(capacity);
        }

        private List<Field> mutableFields() {
            if (built) {
                fields = new ArrayList<>(fields);
                built = false;
            }
            return fields;
        }

        /**
         * Adds a field; leading and trailing whitespace of the value is dropped.
         *
         * @throws IllegalArgumentException naming the field if the name is not a token or the
         *                                  value holds a forbidden character
         */
        public Builder add(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!isToken(name)) {
                throw new IllegalArgumentException("header name '" + printable(name) + "' is not a token");
            }
            String v = value.strip();
            for (int i = 0; i < v.length(); i++) {
                if (!isFieldValueChar(v.charAt(i))) {
                    throw new IllegalArgumentException("header '" + name + "' has a forbidden character 0x"
                            + Integer.toHexString(v.charAt(i)) + " in its value");
                }
            }
            mutableFields().add(new Field(name, v));
            return this;
        }

        /** Removes every field called {@code name}, then adds one. */
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        public Builder remove(String name) {
            mutableFields().removeIf(f -> f.name.equalsIgnoreCase(name));
            return this;
        }

        public boolean contains(String name) {
            for (Field f : fields) {
                if (f.name.equalsIgnoreCase(name)) {
                    return true;
                }
            }
            return false;
        }

        public HttpHeaders build() {
            if (fields.isEmpty()) {
                return EMPTY;
            }
            built = true;
            return new HttpHeaders(Collections.unmodifiableList(fields));
        }
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return s.length() > 80 ? b + "..." : b.toString();
    }
}
