package dev.strand.core.net.sss;

import static dev.strand.core.net.sss.ClientFrameDecoder.atLeast;
import static dev.strand.core.net.sss.ClientFrameDecoder.exactly;
import static dev.strand.core.net.sss.SssWire.MAX_STREAMTYPE_NAME;
import static dev.strand.core.net.sss.SssWire.PAYLOAD_SUBHEADER_SIZE;
import static dev.strand.core.net.sss.SssWire.PROTOCOL_VERSION;
import static dev.strand.core.net.sss.SssWire.STREAMTYPE_FIXED_SIZE;
import static dev.strand.core.net.sss.SssWire.WORD_BODY_SIZE;

import java.nio.ByteBuffer;

/**
 * Parses what a client sends to a proxy, as a robust proxy should (wire.md §2.3, §2.4, §2.7):
 *
 * <ul>
 *   <li>proxy-to-client types and reserved types ({@code 0xB2}, {@code 0xB3}) are refused; PERF
 *       ({@code 0x5B}) is skipped, as lws proxies skip it;</li>
 *   <li>STREAMTYPE must carry version 1 and a name of 1..31 bytes;</li>
 *   <li>ONWARD_CONNECT must be empty (lws never checks and parses any body as more frames);</li>
 *   <li>DESTROYING is reported at once, whatever follows it;</li>
 *   <li>TX_CREDIT, TIMEOUT_UPDATE and PAYLOAD_LENGTH_HINT must have {@code rem} 4;</li>
 *   <li>METADATA needs a name of 1..30 bytes and a value of at least one byte;</li>
 *   <li>a payload's rideshare name must be 1..31 bytes (HKStella-04).</li>
 * </ul>
 *
 * Which frames the link's state allows (TX_PAYLOAD only once operational, ...) is the terminal's
 * business, through {@link ProxyFrameSink#onFrameStart}. One decoder per link, used on that
 * link's loop.
 */
public final class ProxyFrameDecoder extends FrameDecoder {

    private final ProxyFrameSink sink;

    public ProxyFrameDecoder(ProxyFrameSink sink) {
        this.sink = sink;
    }

    @Override
    Body frameStarted(SssFrameType type, int rem) throws SssProtocolException {
        Body body = Body.COLLECT;
        switch (type) {
            case STREAMTYPE -> {
                if (rem <= STREAMTYPE_FIXED_SIZE) {
                    throw new SssProtocolException(type, "rem " + rem + " leaves no streamtype name");
                }
                if (rem > STREAMTYPE_FIXED_SIZE + MAX_STREAMTYPE_NAME) {
                    throw new SssProtocolException(type, "streamtype name of " + (rem - STREAMTYPE_FIXED_SIZE)
                            + " bytes, the most is " + MAX_STREAMTYPE_NAME);
                }
            }
            case ONWARD_CONNECT -> exactly(type, rem, 0);
            case DESTROYING -> body = Body.SKIP;
            case TX_PAYLOAD -> {
                atLeast(type, rem, PAYLOAD_SUBHEADER_SIZE);
                body = Body.PAYLOAD;
            }
            case TX_METADATA -> atLeast(type, rem, SssWire.METADATA_MIN_REM);
            case TX_CREDIT, TIMEOUT_UPDATE, PAYLOAD_LENGTH_HINT -> exactly(type, rem, WORD_BODY_SIZE);
            case PERF -> {
                atLeast(type, rem, 1);
                body = Body.SKIP;
            }
            case TLSNEG_ENCLAVE_SIGNED, LINK_VALIDITY_PROBE ->
                    throw new SssProtocolException(type, "reserved type, never sent by lws clients");
            default -> throw new SssProtocolException(type, "sent by proxies, not by clients (rem " + rem + ")");
        }
        sink.onFrameStart(type, rem);
        if (type == SssFrameType.DESTROYING) {
            sink.onDestroying();
        }
        return body;
    }

    @Override
    void frameBody(SssFrameType type, ByteBuffer body) throws SssProtocolException {
        int p = body.position();
        switch (type) {
            case STREAMTYPE -> {
                int version = body.get(p) & 0xFF;
                if (version != PROTOCOL_VERSION) {
                    throw new SssProtocolException(type, "protocol version " + version + ", only "
                            + PROTOCOL_VERSION + " is spoken");
                }
                long pid = Integer.toUnsignedLong(body.getInt(p + 1));
                int credit = body.getInt(p + 5);
                String name = ascii(body, p + STREAMTYPE_FIXED_SIZE, body.remaining() - STREAMTYPE_FIXED_SIZE);
                sink.onStreamType(pid, credit, name);
            }
            case ONWARD_CONNECT -> sink.onOnwardConnect();
            case TX_METADATA -> {
                int nameLength = metadataNameLength(type, body);
                sink.onTxMetadata(metadataName(body, nameLength), metadataValue(body, nameLength));
            }
            case TX_CREDIT -> sink.onTxCredit(body.getInt(p));
            case TIMEOUT_UPDATE -> sink.onTimeoutUpdate(Integer.toUnsignedLong(body.getInt(p)));
            case PAYLOAD_LENGTH_HINT -> sink.onPayloadLengthHint(Integer.toUnsignedLong(body.getInt(p)));
            default -> throw new IllegalStateException("no body expected for " + type);
        }
    }

    @Override
    void payloadStarted(SssFrameType type, int flags, int hold, long micros, String rideshare, int length)
            throws SssProtocolException {
        sink.onTxPayloadStart(flags, hold, micros, rideshare, length);
    }

    @Override
    void payloadPiece(ByteBuffer piece, int flags) throws SssProtocolException {
        sink.onTxPayloadPiece(piece, flags);
    }
}
