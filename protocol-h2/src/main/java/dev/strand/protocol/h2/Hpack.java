package dev.strand.protocol.h2;

import dev.strand.http.HttpHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * One connection's HPACK state (RFC 7541), both directions, over Netty's public encoder and
 * decoder. This class is the only place where Netty's {@link ByteBuf} appears: it takes and
 * returns {@link ByteBuffer}s and Strand's own header types.
 *
 * <p>The decoder validates what RFC 9113 §8.2 asks of field names and pseudo-header fields and
 * decodes a whole block even when it is malformed, so the dynamic table stays in step and a
 * malformed block costs only its stream. Confined to the session's loop.
 */
final class Hpack {

    /** Credentials are never put in the dynamic table (RFC 7541 §7.1.3). */
    private static final Http2HeadersEncoder.SensitivityDetector SENSITIVE = (name, value) ->
            io.netty.util.AsciiString.contentEqualsIgnoreCase(name, "authorization")
                    || io.netty.util.AsciiString.contentEqualsIgnoreCase(name, "proxy-authorization")
                    || (io.netty.util.AsciiString.contentEqualsIgnoreCase(name, "cookie") && value.length() < 20);

    private final DefaultHttp2HeadersDecoder decoder;
    private final DefaultHttp2HeadersEncoder encoder;
    private final ByteBuf scratch = Unpooled.buffer(512);

    /** @param maxHeaderListSize the largest decoded header list accepted (our SETTINGS_MAX_HEADER_LIST_SIZE) */
    Hpack(long maxHeaderListSize) {
        this.decoder = new DefaultHttp2HeadersDecoder(true, maxHeaderListSize);
        this.encoder = new DefaultHttp2HeadersEncoder(SENSITIVE, false);
    }

    /** A decoded header block: the {@code :status} (or -1) and the regular fields. */
    record Decoded(int status, boolean hasRequestPseudoHeaders, HttpHeaders fields) {
    }

    /** A decoding failure: a connection error unless {@link #streamOnly}. */
    static final class HpackException extends Exception {
        private static final long serialVersionUID = 1L;
        final ErrorCode code;
        final boolean streamOnly;

        HpackException(ErrorCode code, boolean streamOnly, String message, Throwable cause) {
            super(message, cause, false, false);
            this.code = code;
            this.streamOnly = streamOnly;
        }
    }

    /**
     * Encodes a request's header block.
     *
     * @param pseudo  {@code :method}, {@code :scheme}, {@code :authority}, {@code :path} values, in that order
     * @param fields  regular fields, names already lower case
     * @return the block; valid until the next call
     */
    ByteBuffer encodeRequest(int streamId, String[] pseudo, List<HttpHeaders.Field> fields) throws HpackException {
        Http2Headers h = new DefaultHttp2Headers(false, fields.size() + 4);
        h.method(pseudo[0]).scheme(pseudo[1]).authority(pseudo[2]).path(pseudo[3]);
        for (HttpHeaders.Field f : fields) {
            h.add(f.name(), f.value());
        }
        return encode(streamId, h);
    }

    /** Encodes any header block (the fault-injecting test server answers with this). */
    ByteBuffer encode(int streamId, Http2Headers headers) throws HpackException {
        scratch.clear();
        try {
            encoder.encodeHeaders(streamId, headers, scratch);
        } catch (Http2Exception e) {
            throw new HpackException(ErrorCode.INTERNAL_ERROR, false, "cannot encode headers: " + e.getMessage(), e);
        }
        return scratch.nioBuffer();
    }

    /** Decodes one complete header block (HEADERS plus its CONTINUATIONs, padding removed). */
    Decoded decode(int streamId, ByteBuffer block) throws HpackException {
        Http2Headers h;
        try {
            h = decoder.decodeHeaders(streamId, Unpooled.wrappedBuffer(block));
        } catch (Http2Exception.StreamException e) {
            throw new HpackException(ErrorCode.of(e.error().code()), true,
                    "malformed header block on stream " + streamId + ": " + e.getMessage(), e);
        } catch (Http2Exception e) {
            ErrorCode code = e.error() == io.netty.handler.codec.http2.Http2Error.PROTOCOL_ERROR
                    ? ErrorCode.PROTOCOL_ERROR : ErrorCode.COMPRESSION_ERROR;
            throw new HpackException(code, false, "header block on stream " + streamId
                    + " cannot be decoded: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new HpackException(ErrorCode.COMPRESSION_ERROR, false, "header block on stream " + streamId
                    + " cannot be decoded: " + e, e);
        }
        int status = -1;
        boolean requestPseudo = false;
        HttpHeaders.Builder fields = HttpHeaders.builder();
        try {
            for (Map.Entry<CharSequence, CharSequence> e : h) {
                CharSequence name = e.getKey();
                if (name.length() > 0 && name.charAt(0) == ':') {
                    if (name.length() == 7 && name.toString().equals(":status")) {
                        status = parseStatus(e.getValue());
                    } else {
                        requestPseudo = true;
                    }
                } else {
                    fields.add(name.toString(), e.getValue().toString());
                }
            }
        } catch (IllegalArgumentException e) {
            throw new HpackException(ErrorCode.PROTOCOL_ERROR, true, "malformed header field on stream " + streamId
                    + ": " + e.getMessage(), e);
        }
        return new Decoded(status, requestPseudo, fields.build());
    }

    /** The peer's SETTINGS_HEADER_TABLE_SIZE: how large our encoder's dynamic table may grow. */
    void peerHeaderTableSize(long size) throws HpackException {
        try {
            encoder.configuration().maxHeaderTableSize(size);
        } catch (Http2Exception e) {
            throw new HpackException(ErrorCode.PROTOCOL_ERROR, false, "unusable SETTINGS_HEADER_TABLE_SIZE " + size, e);
        }
    }

    private static int parseStatus(CharSequence v) {
        if (v.length() != 3) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < 3; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
