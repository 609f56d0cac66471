package dev.strand.secure.streams.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A thin layer over jackson's streaming {@link JsonParser}: typed reads of the current token that
 * fail with a {@link PolicyException} naming the JSON path, line and column, and positions for
 * everything read. One per load; not thread-safe.
 */
final class JsonCursor implements AutoCloseable {

    private final JsonParser parser;
    private final String source;

    JsonCursor(JsonParser parser, String source) {
        this.parser = parser;
        this.source = source;
    }

    String source() {
        return source;
    }

    /** Advances to the next token; {@code null} at the end of the input. */
    JsonToken next() throws PolicyException {
        JsonToken t;
        try {
            t = parser.nextToken();
        } catch (IOException e) {
            throw readFailure(e);
        }
        if (t == null && !parser.getParsingContext().inRoot()) {
            JsonLocation at = parser.currentLocation();
            throw new PolicyException(source, path(), at.getLineNr(), at.getColumnNr(),
                    "malformed JSON: the input ends inside an object or array");
        }
        return t;
    }

    JsonToken token() {
        return parser.currentToken();
    }

    /** The field name at a {@link JsonToken#FIELD_NAME} token. */
    String fieldName() throws PolicyException {
        try {
            return parser.currentName();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** Where the current token is. */
    SourcePos pos() {
        JsonLocation at = parser.currentTokenLocation();
        long offset = at.getCharOffset() >= 0 ? at.getCharOffset() : at.getByteOffset();
        return new SourcePos(path(), at.getLineNr(), at.getColumnNr(), offset);
    }

    /** The JSON path of the current token, such as {@code s[1].mintest.metadata[0].ctype}. */
    String path() {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray() && c.hasCurrentIndex()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.push(c.getCurrentName());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (!part.startsWith("[") && sb.length() > 0) {
                sb.append('.');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    PolicyException error(String problem) {
        return pos().error(source, problem);
    }

    /** Fails unless the current token is {@code expected}; {@code what} describes the value wanted. */
    void expect(JsonToken expected, String what) throws PolicyException {
        if (token() != expected) {
            throw error("expected " + what + ", found " + describe(token()));
        }
    }

    /** Moves to the next token and requires it to be the start of an object. */
    void enterObject(String what) throws PolicyException {
        next();
        expect(JsonToken.START_OBJECT, what);
    }

    /** Moves to the next token and requires it to be the start of an array. */
    void enterArray(String what) throws PolicyException {
        next();
        expect(JsonToken.START_ARRAY, what);
    }

    /** Moves to the value after a field name and reads it as a string. */
    String nextString(String what) throws PolicyException {
        next();
        return string(what);
    }

    /** The current token as a string. */
    String string(String what) throws PolicyException {
        if (token() != JsonToken.VALUE_STRING) {
            throw error("expected " + what + " (a JSON string), found " + describe(token()));
        }
        try {
            return parser.getText();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** Moves to the value after a field name and reads it as a boolean. */
    boolean nextBoolean() throws PolicyException {
        next();
        if (token() == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (token() == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw error("expected true or false, found " + describe(token()));
    }

    /** Moves to the value after a field name and reads it as an integer in {@code min..max}. */
    long nextInteger(long min, long max) throws PolicyException {
        next();
        return integer(min, max);
    }

    /** The current token as an integer in {@code min..max}. */
    long integer(long min, long max) throws PolicyException {
        return integer(min, max, "an integer in " + min + ".." + max);
    }

    /** The current token as an integer in {@code min..max}; {@code what} says what it is for. */
    long integer(long min, long max, String what) throws PolicyException {
        if (token() != JsonToken.VALUE_NUMBER_INT) {
            throw error("expected " + what + ", found " + describe(token()));
        }
        try {
            BigInteger value = parser.getBigIntegerValue();
            if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
                throw error("expected " + what + ", found " + value);
            }
            return value.longValueExact();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** Skips the value the cursor is on (a scalar, or a whole object or array). */
    void skipValue() throws PolicyException {
        try {
            parser.skipChildren();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /** Malformed JSON (with jackson's location) or a failure of the underlying reader. */
    private PolicyException readFailure(IOException e) {
        if (e instanceof StreamReadException sre) {
            JsonLocation at = sre.getLocation() != null ? sre.getLocation() : parser.currentLocation();
            return new PolicyException(source, path(), at.getLineNr(), at.getColumnNr(),
                    "malformed JSON: " + sre.getOriginalMessage(), e);
        }
        JsonLocation at = parser.currentLocation();
        return new PolicyException(source, path(), at.getLineNr(), at.getColumnNr(), "cannot read the policy: " + e, e);
    }

    /** Human words for a token, for "expected X, found Y" messages. */
    String describe(JsonToken t) {
        if (t == null) {
            return "the end of the input";
        }
        try {
            return switch (t) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case END_OBJECT -> "the end of an object";
                case END_ARRAY -> "the end of an array";
                case FIELD_NAME -> "the key \"" + parser.currentName() + "\"";
                case VALUE_STRING -> "the string \"" + abbreviate(parser.getText()) + "\"";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + parser.getText();
                case VALUE_TRUE -> "true";
                case VALUE_FALSE -> "false";
                case VALUE_NULL -> "null";
                default -> t.asString() != null ? t.asString() : t.name();
            };
        } catch (IOException e) {
            return t.name();
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // the source is closed by whoever opened it; nothing is lost here
        }
    }
}
