package dev.strand.examples.binance;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads one feed message (UTF-8 JSON) and takes out what the statistics need: whether it is a
 * {@code depthUpdate}, its event time {@code "E"}, and its first ask price ({@code "a":[["price",
 * "qty"],...]}). Messages of the combined stream ({@code {"stream":..., "data":{event}}}) and bare
 * events are both understood; bookTicker, aggTrade and anything else are read and ignored.
 *
 * <p>Written by hand rather than with a JSON library because the application must run on the
 * SSPC-only module set, which has none (no Jackson), and three fields need no object model. It
 * is still a real scanner, not lws's substring search: it walks the whole message by the JSON
 * grammar (strings with every escape, numbers, literals, nesting up to {@value #MAX_DEPTH}
 * levels), so a key inside a string value cannot fool it and a truncated or broken message is
 * rejected with a {@link MalformedMessageException} saying what and where, never half-used.
 *
 * <p>Not thread-safe; one per stream, used on its loop.
 */
public final class DepthScanner {

    /** Nesting deeper than this is refused (a depth update nests four levels). */
    public static final int MAX_DEPTH = 32;
    /** Keys and wanted string values longer than this are not decoded (none of ours is). */
    private static final int MAX_KEPT_STRING = 64;
    /** Digits of {@code "E"} accepted: ms since the epoch have 13 for centuries to come. */
    private static final int MAX_TIME_DIGITS = 15;
    private static final String DEPTH_UPDATE = "depthUpdate";

    private byte[] in;
    private int base;
    private int pos;
    private int end;
    private final StringBuilder text = new StringBuilder(MAX_KEPT_STRING);
    private final Fields top = new Fields();
    private final Fields data = new Fields();

    /**
     * Where one object's {@code "e"}, {@code "E"} and {@code "a"} values start (-1: absent). They
     * are read only once the whole message has been checked and the event type is known: in a
     * bookTicker {@code "a"} is a string, in an aggTrade a number.
     */
    private static final class Fields {
        int event = -1;
        int eventTime = -1;
        int asks = -1;

        void clear() {
            event = -1;
            eventTime = -1;
            asks = -1;
        }
    }

    /**
     * Scans {@code length} bytes of {@code message} from {@code offset}.
     *
     * @return the depth update, or empty if the message is another event (bookTicker, ...)
     * @throws MalformedMessageException if the bytes are not one JSON object, or a depthUpdate
     *                                   lacks a numeric {@code "E"} or has an unusable ask
     */
    public Optional<DepthUpdate> scan(byte[] message, int offset, int length) throws MalformedMessageException {
        in = message;
        base = offset;
        pos = offset;
        end = offset + length;
        top.clear();
        data.clear();
        try {
            skipSpace();
            expect('{', "a message must be a JSON object");
            boolean combined = object(1, top);
            skipSpace();
            if (pos != end) {
                throw malformed("unexpected " + describe(pos) + " after the message's object");
            }
            return depthUpdate(combined ? data : top);
        } finally {
            in = null;
        }
    }

    /** The depth update {@code event}'s fields describe, in a message already checked as JSON. */
    private Optional<DepthUpdate> depthUpdate(Fields event) throws MalformedMessageException {
        if (event.event < 0) {
            return Optional.empty();
        }
        pos = event.event;
        if (peek() != '"') {
            return Optional.empty();
        }
        pos++;
        if (!DEPTH_UPDATE.equals(string(true))) {
            return Optional.empty();
        }
        if (event.eventTime < 0) {
            throw malformed("a depthUpdate without \"E\" (event time)");
        }
        pos = event.eventTime;
        long time = eventTime();
        OptionalLong cents = OptionalLong.empty();
        if (event.asks >= 0) {
            pos = event.asks;
            String price = firstAsk();
            if (price != null) {
                try {
                    cents = OptionalLong.of(Pennies.of(price));
                } catch (IllegalArgumentException e) {
                    throw malformed("the first ask's " + e.getMessage());
                }
            }
        }
        return Optional.of(new DepthUpdate(time, cents));
    }

    /**
     * The members of an object whose '{' was read, checked and skipped; {@code into} (null for
     * objects that do not matter) learns where e/E/a start. At the top level a {@code "data"}
     * object is the combined stream's event.
     *
     * @return whether the top level had a {@code "data"} object
     */
    private boolean object(int depth, Fields into) throws MalformedMessageException {
        boolean isTop = into == top;
        boolean sawData = false;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return false;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw malformed("expected a key (a string) but found " + describe(pos));
            }
            pos++;
            String key = string(true);
            skipSpace();
            expect(':', "expected ':' after key \"" + key + "\"");
            skipSpace();
            if (isTop && "data".equals(key) && peek() == '{') {
                pos++;
                nest(depth);
                object(depth + 1, data);
                sawData = true;
            } else {
                if (into != null && key != null) {
                    switch (key) {
                        case "e" -> into.event = pos;
                        case "E" -> into.eventTime = pos;
                        case "a" -> into.asks = pos;
                        default -> { }
                    }
                }
                value(depth);
            }
            skipSpace();
            byte c = next("',' or '}' in an object");
            if (c == '}') {
                return sawData;
            }
            if (c != ',') {
                throw malformed("expected ',' or '}' in an object but found " + describe(pos - 1));
            }
        }
    }

    /** Any value, checked and skipped. */
    private void value(int depth) throws MalformedMessageException {
        byte c = peekRequired("a value");
        switch (c) {
            case '{' -> {
                pos++;
                nest(depth);
                object(depth + 1, null);
            }
            case '[' -> {
                pos++;
                nest(depth);
                array(depth + 1);
            }
            case '"' -> {
                pos++;
                string(false);
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw malformed("expected a value but found " + describe(pos));
                }
            }
        }
    }

    /** The elements of an array whose '[' was read, checked and skipped. */
    private void array(int depth) throws MalformedMessageException {
        skipSpace();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            skipSpace();
            value(depth);
            skipSpace();
            byte c = next("',' or ']' in an array");
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw malformed("expected ',' or ']' in an array but found " + describe(pos - 1));
            }
        }
    }

    /**
     * A depthUpdate's {@code "a"} (already checked as JSON): an array of [price, quantity] arrays
     * of strings. The first price, or null if the array is empty.
     */
    private String firstAsk() throws MalformedMessageException {
        if (peek() != '[') {
            throw malformed("a depthUpdate's \"a\" (asks) must be an array but starts with " + describe(pos));
        }
        pos++;
        skipSpace();
        if (peek() == ']') {
            return null;
        }
        if (peek() != '[') {
            throw malformed("the first ask must be a [price, quantity] array but starts with " + describe(pos));
        }
        pos++;
        skipSpace();
        return stringValue("the first ask's price");
    }

    /** A string value that must be a string, decoded. */
    private String stringValue(String what) throws MalformedMessageException {
        if (peekRequired(what) != '"') {
            throw malformed(what + " must be a string but starts with " + describe(pos));
        }
        pos++;
        String s = string(true);
        if (s == null) {
            throw malformed(what + " is longer than " + MAX_KEPT_STRING + " characters");
        }
        return s;
    }

    /** A depthUpdate's {@code "E"} (already checked as JSON): a non-negative integer. */
    private long eventTime() throws MalformedMessageException {
        int start = pos;
        byte c = peek();
        if (c < '0' || c > '9') {
            throw malformed("\"E\" (event time) must be a non-negative integer but starts with " + describe(pos));
        }
        number();
        int digits = pos - start;
        for (int i = start; i < pos; i++) {
            if (in[i] < '0' || in[i] > '9') {
                throw malformed("\"E\" (event time) must be an integer of ms, not "
                        + new String(in, start, pos - start, StandardCharsets.US_ASCII));
            }
        }
        if (digits > MAX_TIME_DIGITS) {
            throw malformed("\"E\" (event time) has " + digits + " digits; ms since the epoch have at most "
                    + MAX_TIME_DIGITS);
        }
        long v = 0;
        for (int i = start; i < pos; i++) {
            v = v * 10 + (in[i] - '0');
        }
        return v;
    }

    /**
     * The rest of a string whose opening quote was read. Returns the decoded text if
     * {@code keep} and it is at most {@value #MAX_KEPT_STRING} characters, otherwise null.
     */
    private String string(boolean keep) throws MalformedMessageException {
        text.setLength(0);
        boolean kept = keep;
        int start = pos;
        while (true) {
            if (pos >= end) {
                throw malformed("a string starting at byte " + (start - 1 - base) + " is not closed");
            }
            int c = in[pos++] & 0xFF;
            if (c == '"') {
                return kept ? text.toString() : null;
            }
            if (c < 0x20) {
                throw malformed("control character 0x" + Integer.toHexString(c) + " inside a string at byte "
                        + (pos - 1 - base));
            }
            if (c == '\\') {
                char decoded = escape();
                if (kept) {
                    text.append(decoded);
                }
            } else if (kept) {
                // keys and wanted values are ASCII; other bytes still end the string correctly
                text.append((char) c);
            }
            if (kept && text.length() > MAX_KEPT_STRING) {
                kept = false;
            }
        }
    }

    private char escape() throws MalformedMessageException {
        if (pos >= end) {
            throw malformed("the message ends inside an escape");
        }
        byte e = in[pos++];
        switch (e) {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                int at = pos - 2 - base;
                if (end - pos < 4) {
                    throw malformed("a \\u escape needs four hex digits at byte " + at);
                }
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int d = Character.digit(in[pos++], 16);
                    if (d < 0) {
                        throw malformed("a \\u escape needs four hex digits at byte " + at);
                    }
                    v = v * 16 + d;
                }
                return (char) v;
            default:
                throw malformed("unknown escape \\" + (char) e + " at byte " + (pos - 2 - base));
        }
    }

    /** A JSON number: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private void number() throws MalformedMessageException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (digits() == 0) {
            throw malformed("a number needs digits at byte " + (start - base));
        }
        if (peek() == '.') {
            pos++;
            if (digits() == 0) {
                throw malformed("a number needs digits after its '.' at byte " + (start - base));
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (digits() == 0) {
                throw malformed("a number needs digits in its exponent at byte " + (start - base));
            }
        }
    }

    private int digits() {
        int n = 0;
        while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
            n++;
        }
        return n;
    }

    private void literal(String word) throws MalformedMessageException {
        int n = word.length();
        if (end - pos < n) {
            throw malformed("the message ends inside '" + word + "'");
        }
        for (int i = 0; i < n; i++) {
            if (in[pos + i] != word.charAt(i)) {
                throw malformed("expected '" + word + "' at byte " + (pos - base));
            }
        }
        pos += n;
    }

    private void nest(int depth) throws MalformedMessageException {
        if (depth >= MAX_DEPTH) {
            throw malformed("nesting deeper than " + MAX_DEPTH + " levels at byte " + (pos - 1 - base));
        }
    }

    private void skipSpace() {
        while (pos < end) {
            byte c = in[pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private void expect(char c, String why) throws MalformedMessageException {
        if (pos >= end || in[pos] != c) {
            throw malformed(why + "; found " + describe(pos));
        }
        pos++;
    }

    private byte peek() {
        return pos < end ? in[pos] : 0;
    }

    private byte peekRequired(String what) throws MalformedMessageException {
        if (pos >= end) {
            throw malformed("the message ends where " + what + " should be");
        }
        return in[pos];
    }

    private byte next(String what) throws MalformedMessageException {
        if (pos >= end) {
            throw malformed("the message ends where " + what + " should be");
        }
        return in[pos++];
    }

    private String describe(int at) {
        if (at >= end) {
            return "the end of the message";
        }
        int c = in[at] & 0xFF;
        String shown = c >= 0x20 && c < 0x7F ? "'" + (char) c + "'" : "byte 0x" + Integer.toHexString(c);
        return shown + " at byte " + (at - base);
    }

    private MalformedMessageException malformed(String why) {
        return new MalformedMessageException(why);
    }
}
