package dev.strand.protocol.h1;

import static dev.strand.http.MalformedMessageException.Element.CHUNK_DATA;
import static dev.strand.http.MalformedMessageException.Element.CHUNK_SIZE;
import static dev.strand.http.MalformedMessageException.Element.CONTENT_LENGTH;
import static dev.strand.http.MalformedMessageException.Element.HEADER_NAME;
import static dev.strand.http.MalformedMessageException.Element.HEADER_TOO_LARGE;
import static dev.strand.http.MalformedMessageException.Element.HEADER_VALUE;
import static dev.strand.http.MalformedMessageException.Element.STATUS_LINE;
import static dev.strand.http.MalformedMessageException.Element.TRANSFER_ENCODING;

import dev.strand.http.HttpHeaders;
import dev.strand.http.MalformedMessageException;
import dev.strand.http.ResponseHead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An incremental HTTP/1.1 response parser (RFC 9112): status line, header fields with limits,
 * message body length by §6.3 (HEAD, 1xx, 204 and 304 have none; {@code Transfer-Encoding}
 * ending in chunked; a valid {@code Content-Length}; otherwise the end of the connection),
 * chunked bodies with trailer fields, interim 1xx responses skipped, and whether the connection
 * may carry another exchange afterwards (§9.3).
 *
 * <p>Bytes may arrive split or joined at any point. {@link #parse} stops at the end of each
 * message so the caller can start the next; body bytes are handed on as views of the input
 * buffer, without copying. Owned by one session on one loop.
 */
final class ResponseParser {

    /** Where the parsed pieces go. */
    interface Sink {
        void onHead(ResponseHead head);

        void onBody(ByteBuffer chunk);

        void onTrailers(HttpHeaders trailers);

        /** The message ended; {@code reusable} says whether the connection may carry another. */
        void onComplete(boolean reusable);
    }

    private enum State { IDLE, STATUS_LINE, HEADERS, BODY_FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, BODY_UNTIL_CLOSE }

    private final H1Limits limits;
    private State state = State.IDLE;
    private boolean headRequest;
    private boolean started;
    private boolean halted;

    private byte[] line = new byte[256];
    private int lineLength;
    private int sectionBytes;

    private String version;
    private int status;
    private String reason;
    private final List<String[]> fields = new ArrayList<>();
    private long remaining;
    private boolean reusable;

    ResponseParser(H1Limits limits) {
        this.limits = limits;
    }

    /** Expects the response to a new request; {@code headRequest} for HEAD, whose response has no body. */
    void start(boolean head) {
        state = State.STATUS_LINE;
        headRequest = head;
        started = false;
        halted = false;
        lineLength = 0;
        sectionBytes = 0;
        fields.clear();
    }

    /** Stops parsing at once: the connection is going away. */
    void halt() {
        halted = true;
        state = State.IDLE;
    }

    /** Whether no response is expected or in progress. */
    boolean idle() {
        return state == State.IDLE;
    }

    /** Whether any byte of the current response has arrived. */
    boolean started() {
        return started;
    }

    /** Body bytes still to come in a Content-Length body, or -1 for any other state. */
    long fixedRemaining() {
        return state == State.BODY_FIXED ? remaining : -1;
    }

    /**
     * Consumes bytes of {@code data} until it is empty or the current message is complete.
     *
     * @return whether a message completed (the parser is idle again)
     * @throws MalformedMessageException naming what was wrong; the parser is then unusable
     */
    boolean parse(ByteBuffer data, Sink sink) throws MalformedMessageException {
        while (data.hasRemaining() && !halted) {
            started = true;
            switch (state) {
                case IDLE -> {
                    return true;
                }
                case STATUS_LINE, HEADERS, CHUNK_SIZE, CHUNK_DATA_END, TRAILERS -> {
                    if (!readLine(data)) {
                        return false;
                    }
                    onLine(sink);
                    if (state == State.IDLE) {
                        return true;
                    }
                }
                case BODY_FIXED -> {
                    deliver(data, sink, (int) Math.min(remaining, data.remaining()));
                    if (remaining == 0) {
                        complete(sink);
                        return true;
                    }
                }
                case CHUNK_DATA -> {
                    deliver(data, sink, (int) Math.min(remaining, data.remaining()));
                    if (remaining == 0) {
                        state = State.CHUNK_DATA_END;
                    }
                }
                case BODY_UNTIL_CLOSE -> deliver(data, sink, data.remaining());
            }
        }
        return state == State.IDLE;
    }

    /**
     * The connection ended. A body delimited by the end of the connection completes here.
     *
     * @return whether the current message completed; false if it was cut short
     */
    boolean endOfInput(Sink sink) {
        if (state == State.BODY_UNTIL_CLOSE) {
            complete(sink);
            return true;
        }
        return state == State.IDLE;
    }

    // ---- lines -------------------------------------------------------------------------------

    /** Appends bytes up to and including LF; true when a whole line (without CRLF) is in {@link #line}. */
    private boolean readLine(ByteBuffer data) throws MalformedMessageException {
        int limit = state == State.CHUNK_SIZE || state == State.CHUNK_DATA_END
                ? H1Limits.MAX_CHUNK_SIZE_LINE : limits.maxLineLength();
        while (data.hasRemaining()) {
            byte b = data.get();
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (lineLength + 1 > limit) {
                throw tooLong();
            }
            if (isHeadSection() && ++sectionBytes > limits.maxHeaderBytes()) {
                throw new MalformedMessageException(HEADER_TOO_LARGE, "response " + sectionName()
                        + " is larger than " + limits.maxHeaderBytes() + " bytes");
            }
            if (lineLength == line.length) {
                line = java.util.Arrays.copyOf(line, Math.min(line.length * 2, limit + 1));
            }
            line[lineLength++] = b;
        }
        return false;
    }

    private MalformedMessageException tooLong() {
        return switch (state) {
            case CHUNK_SIZE -> new MalformedMessageException(CHUNK_SIZE, "chunk-size line is longer than "
                    + H1Limits.MAX_CHUNK_SIZE_LINE + " bytes");
            case CHUNK_DATA_END -> new MalformedMessageException(CHUNK_DATA, "chunk data is longer than its chunk size");
            case STATUS_LINE -> new MalformedMessageException(HEADER_TOO_LARGE, "status line is longer than "
                    + limits.maxLineLength() + " bytes");
            default -> new MalformedMessageException(HEADER_TOO_LARGE, "a " + (state == State.TRAILERS ? "trailer" : "header")
                    + " line is longer than " + limits.maxLineLength() + " bytes");
        };
    }

    private boolean isHeadSection() {
        return state == State.STATUS_LINE || state == State.HEADERS || state == State.TRAILERS;
    }

    private String sectionName() {
        return state == State.TRAILERS ? "trailer section" : "head";
    }

    private String lineText() {
        return new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
    }

    private void onLine(Sink sink) throws MalformedMessageException {
        String text = lineText();
        lineLength = 0;
        switch (state) {
            case STATUS_LINE -> {
                if (!text.isEmpty()) {
                    parseStatusLine(text);
                    state = State.HEADERS;
                }
            }
            case HEADERS -> {
                if (text.isEmpty()) {
                    endOfHead(sink);
                } else {
                    parseField(text, "header");
                }
            }
            case CHUNK_SIZE -> {
                long size = parseChunkSize(text);
                if (size == 0) {
                    state = State.TRAILERS;
                    sectionBytes = 0;
                    fields.clear();
                } else {
                    remaining = size;
                    state = State.CHUNK_DATA;
                }
            }
            case CHUNK_DATA_END -> {
                if (!text.isEmpty()) {
                    throw new MalformedMessageException(CHUNK_DATA, "chunk data is not followed by CRLF (found '"
                            + printable(text) + "')");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (text.isEmpty()) {
                    sink.onTrailers(buildFields("trailer"));
                    complete(sink);
                } else {
                    parseField(text, "trailer");
                }
            }
            default -> throw new IllegalStateException("no line expected in state " + state);
        }
    }

    // ---- status line and fields --------------------------------------------------------------

    private void parseStatusLine(String text) throws MalformedMessageException {
        if (text.length() < 12 || !text.startsWith("HTTP/") || !Character.isDigit(text.charAt(5))
                || text.charAt(6) != '.' || !Character.isDigit(text.charAt(7)) || text.charAt(8) != ' ') {
            throw new MalformedMessageException(STATUS_LINE, "malformed status line '" + printable(text)
                    + "': expected 'HTTP/1.x NNN reason'");
        }
        if (text.charAt(5) != '1') {
            throw new MalformedMessageException(STATUS_LINE, "unsupported HTTP version in status line '"
                    + printable(text) + "'");
        }
        version = text.charAt(7) == '0' ? "HTTP/1.0" : "HTTP/1.1";
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedMessageException(STATUS_LINE, "status code in status line '" + printable(text)
                        + "' is not three digits");
            }
            code = code * 10 + (c - '0');
        }
        if (code < 100 || code > 599) {
            throw new MalformedMessageException(STATUS_LINE, "status code " + code + " is outside 100..599");
        }
        if (text.length() > 12 && text.charAt(12) != ' ') {
            throw new MalformedMessageException(STATUS_LINE, "status code in status line '" + printable(text)
                    + "' is not three digits");
        }
        String r = text.length() > 13 ? text.substring(13) : "";
        for (int i = 0; i < r.length(); i++) {
            if (!HttpHeaders.isFieldValueChar(r.charAt(i))) {
                throw new MalformedMessageException(STATUS_LINE, "reason phrase has a control character 0x"
                        + Integer.toHexString(r.charAt(i)));
            }
        }
        status = code;
        reason = r;
    }

    private void parseField(String text, String kind) throws MalformedMessageException {
        char first = text.charAt(0);
        if (first == ' ' || first == '\t') {
            if (fields.isEmpty()) {
                throw new MalformedMessageException(HEADER_NAME, kind + " section starts with a continuation line");
            }
            String[] last = fields.get(fields.size() - 1);
            last[1] = (last[1] + " " + checkValue(last[0], text.strip())).strip();
            return;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new MalformedMessageException(HEADER_NAME, kind + " line '" + printable(text) + "' has no name and colon");
        }
        String name = text.substring(0, colon);
        if (!HttpHeaders.isToken(name)) {
            throw new MalformedMessageException(HEADER_NAME, kind + " name '" + printable(name) + "' is not a token"
                    + (name.endsWith(" ") || name.endsWith("\t") ? " (whitespace before the colon)" : ""));
        }
        if (fields.size() >= limits.maxHeaderFields()) {
            throw new MalformedMessageException(HEADER_TOO_LARGE, "response has more than " + limits.maxHeaderFields()
                    + " " + kind + " fields");
        }
        fields.add(new String[] {name, checkValue(name, text.substring(colon + 1).strip())});
    }

    private static String checkValue(String name, String value) throws MalformedMessageException {
        for (int i = 0; i < value.length(); i++) {
            if (!HttpHeaders.isFieldValueChar(value.charAt(i))) {
                throw new MalformedMessageException(HEADER_VALUE, "value of '" + name + "' has a forbidden character 0x"
                        + Integer.toHexString(value.charAt(i)));
            }
        }
        return value;
    }

    private HttpHeaders buildFields(String kind) throws MalformedMessageException {
        HttpHeaders.Builder b = HttpHeaders.builder();
        for (String[] f : fields) {
            try {
                b.add(f[0], f[1]);
            } catch (IllegalArgumentException e) {
                throw new MalformedMessageException(HEADER_VALUE, kind + " " + e.getMessage());
            }
        }
        fields.clear();
        return b.build();
    }

    // ---- framing -----------------------------------------------------------------------------

    private void endOfHead(Sink sink) throws MalformedMessageException {
        HttpHeaders headers = buildFields("header");
        if (status >= 100 && status < 200 && status != 101) {
            state = State.STATUS_LINE;
            sectionBytes = 0;
            return;
        }
        boolean persistent = version.equals("HTTP/1.1")
                ? !headers.hasToken("Connection", "close")
                : headers.hasToken("Connection", "keep-alive");
        List<String> codings = codings(headers);
        long length = contentLength(headers);
        ResponseHead head = new ResponseHead(version, status, reason, headers);
        reusable = persistent && status != 101;
        if (headRequest || status == 101 || status == 204 || status == 304) {
            sink.onHead(head);
            if (!halted) {
                complete(sink);
            }
            return;
        }
        if (!codings.isEmpty()) {
            if (length >= 0 || version.equals("HTTP/1.0")) {
                reusable = false;
            }
            if (codings.get(codings.size() - 1).equals("chunked")) {
                state = State.CHUNK_SIZE;
            } else {
                reusable = false;
                state = State.BODY_UNTIL_CLOSE;
            }
        } else if (length >= 0) {
            remaining = length;
            state = State.BODY_FIXED;
        } else {
            reusable = false;
            state = State.BODY_UNTIL_CLOSE;
        }
        sink.onHead(head);
        if (state == State.BODY_FIXED && remaining == 0 && !halted) {
            complete(sink);
        }
    }

    private static List<String> codings(HttpHeaders headers) throws MalformedMessageException {
        List<String> out = new ArrayList<>();
        for (String v : headers.all("Transfer-Encoding")) {
            for (String c : v.split(",")) {
                String coding = c.strip().toLowerCase(Locale.ROOT);
                int semi = coding.indexOf(';');
                coding = semi >= 0 ? coding.substring(0, semi).strip() : coding;
                if (!coding.isEmpty()) {
                    out.add(coding);
                }
            }
        }
        for (int i = 0; i < out.size() - 1; i++) {
            if (out.get(i).equals("chunked")) {
                throw new MalformedMessageException(TRANSFER_ENCODING, "Transfer-Encoding " + out
                        + " applies chunked before another coding");
            }
        }
        return out;
    }

    private static long contentLength(HttpHeaders headers) throws MalformedMessageException {
        long length = -1;
        for (String v : headers.all("Content-Length")) {
            for (String part : v.split(",", -1)) {
                String p = part.strip();
                if (p.isEmpty() || p.length() > 18 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new MalformedMessageException(CONTENT_LENGTH, "Content-Length '" + printable(v) + "' is not a number");
                }
                long n = Long.parseLong(p);
                if (length >= 0 && n != length) {
                    throw new MalformedMessageException(CONTENT_LENGTH, "conflicting Content-Length values " + length
                            + " and " + n);
                }
                length = n;
            }
        }
        return length;
    }

    private static long parseChunkSize(String text) throws MalformedMessageException {
        int end = 0;
        while (end < text.length() && Character.digit(text.charAt(end), 16) >= 0) {
            end++;
        }
        if (end == 0) {
            throw new MalformedMessageException(CHUNK_SIZE, "chunk size '" + printable(text) + "' is not hexadecimal");
        }
        if (end > 15) {
            throw new MalformedMessageException(CHUNK_SIZE, "chunk size '" + printable(text.substring(0, end)) + "' is too large");
        }
        String rest = text.substring(end).stripLeading();
        if (!rest.isEmpty() && rest.charAt(0) != ';') {
            throw new MalformedMessageException(CHUNK_SIZE, "chunk size '" + printable(text) + "' is followed by junk");
        }
        return Long.parseLong(text.substring(0, end), 16);
    }

    // ---- body --------------------------------------------------------------------------------

    private void deliver(ByteBuffer data, Sink sink, int n) {
        if (n == 0) {
            return;
        }
        ByteBuffer slice = data.slice();
        slice.limit(n);
        data.position(data.position() + n);
        if (state != State.BODY_UNTIL_CLOSE) {
            remaining -= n;
        }
        sink.onBody(slice);
    }

    private void complete(Sink sink) {
        state = State.IDLE;
        sink.onComplete(reusable);
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 100; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c >= 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return s.length() > 100 ? b + "..." : b.toString();
    }
}
