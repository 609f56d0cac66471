package dev.strand.core.net.sss;

import static dev.strand.core.net.sss.SssWire.CONNSTATE_MAX_REM;
import static dev.strand.core.net.sss.SssWire.CONNSTATE_MIN_REM;
import static dev.strand.core.net.sss.SssWire.CONNSTATE_ORDINAL_SIZE;
import static dev.strand.core.net.sss.SssWire.CREATE_RESULT_FIXED_SIZE;
import static dev.strand.core.net.sss.SssWire.MAX_RIDESHARE_COMMAS;
import static dev.strand.core.net.sss.SssWire.MAX_RIDESHARE_LIST;
import static dev.strand.core.net.sss.SssWire.PAYLOAD_SUBHEADER_SIZE;
import static dev.strand.core.net.sss.SssWire.WORD_BODY_SIZE;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses what a proxy sends to a client, accepting what an lws HEAD client accepts (wire.md §2.4,
 * limits §2.5) and refusing, with an {@link SssProtocolException}, what lws either refuses or
 * mishandles (§2.7):
 *
 * <ul>
 *   <li>client-to-proxy types and reserved types ({@code 0x5A}) are refused; {@code TX_CREDIT}
 *       ({@code 0xAF}) is taken as a credit update, as lws clients do;</li>
 *   <li>{@code RX_CREDIT} must have {@code rem} 4 (lws reads the surplus of a longer body as new
 *       frames; Strand refuses it);</li>
 *   <li>CONNSTATE needs 5..8 body bytes (a 1..4-byte state and the ordinal);</li>
 *   <li>CREATE_RESULT needs a result byte; a success needs the 4-byte client_buflen, and its
 *       rideshare list must be under 128 bytes with at most 3 commas (HKStella-10);</li>
 *   <li>METADATA needs a name of 1..30 bytes and a value of at least one byte (lws corrupts its
 *       parser on namelen 0; Strand refuses it without touching anything);</li>
 *   <li>a payload's rideshare name must be 1..31 bytes (HKStella-04 for 32+; lws mishandles 0).</li>
 * </ul>
 *
 * Which frames the link's state allows (RX_PAYLOAD only after CREATE_RESULT, ...) is the
 * terminal's business, through {@link ClientFrameSink#onFrameStart}. One decoder per link, used
 * on that link's loop.
 */
public final class ClientFrameDecoder extends FrameDecoder {

    private final ClientFrameSink sink;

    public ClientFrameDecoder(ClientFrameSink sink) {
        this.sink = sink;
    }

    @Override
    Body frameStarted(SssFrameType type, int rem) throws SssProtocolException {
        switch (type) {
            case RX_PAYLOAD -> atLeast(type, rem, PAYLOAD_SUBHEADER_SIZE);
            case CREATE_RESULT -> atLeast(type, rem, 1);
            case CONNSTATE -> {
                if (rem < CONNSTATE_MIN_REM || rem > CONNSTATE_MAX_REM) {
                    throw new SssProtocolException(type, "rem " + rem + " is outside "
                            + CONNSTATE_MIN_REM + ".." + CONNSTATE_MAX_REM);
                }
            }
            case RX_CREDIT, TX_CREDIT -> exactly(type, rem, WORD_BODY_SIZE);
            case RX_METADATA -> atLeast(type, rem, SssWire.METADATA_MIN_REM);
            case PERF -> atLeast(type, rem, 1);
            case TLSNEG_ENCLAVE_SIGN -> throw new SssProtocolException(type, "reserved type, never sent by lws proxies");
            default -> throw new SssProtocolException(type, "sent by clients, not by proxies (rem " + rem + ")");
        }
        sink.onFrameStart(type, rem);
        return type == SssFrameType.RX_PAYLOAD ? Body.PAYLOAD : Body.COLLECT;
    }

    @Override
    void frameBody(SssFrameType type, ByteBuffer body) throws SssProtocolException {
        int p = body.position();
        switch (type) {
            case CREATE_RESULT -> createResult(type, body);
            case CONNSTATE -> {
                int stateBytes = body.remaining() - CONNSTATE_ORDINAL_SIZE;
                long state = 0;
                for (int i = 0; i < stateBytes; i++) {
                    state = state << 8 | (body.get(p + i) & 0xFF);
                }
                sink.onConnState(state, Integer.toUnsignedLong(body.getInt(p + stateBytes)));
            }
            case RX_CREDIT, TX_CREDIT -> sink.onRxCredit(body.getInt(p));
            case RX_METADATA -> {
                int nameLength = metadataNameLength(type, body);
                sink.onRxMetadata(metadataName(body, nameLength), metadataValue(body, nameLength));
            }
            case PERF -> sink.onPerf(body);
            default -> throw new IllegalStateException("no body expected for " + type);
        }
    }

    private void createResult(SssFrameType type, ByteBuffer body) throws SssProtocolException {
        int p = body.position();
        int len = body.remaining();
        int result = body.get(p) & 0xFF;
        if (result != SssWire.CREATE_OK) {
            sink.onCreateResult(false, 0, List.of());
            return;
        }
        if (len < CREATE_RESULT_FIXED_SIZE) {
            throw new SssProtocolException(type, "rem " + len + ": a successful result needs "
                    + CREATE_RESULT_FIXED_SIZE + " bytes (result and client_buflen)");
        }
        long clientBufLen = Integer.toUnsignedLong(body.getInt(p + 1));
        int listLength = len - CREATE_RESULT_FIXED_SIZE;
        if (listLength > MAX_RIDESHARE_LIST) {
            throw new SssProtocolException(type, "rideshare list of " + listLength + " bytes, the most is "
                    + MAX_RIDESHARE_LIST);
        }
        List<String> names = new ArrayList<>(MAX_RIDESHARE_COMMAS);
        int listStart = p + CREATE_RESULT_FIXED_SIZE;
        int end = listStart + listLength;
        int commas = 0;
        int entryStart = listStart;
        for (int i = listStart; i <= end; i++) {
            if (i == end || body.get(i) == ',') {
                if (i > entryStart) {
                    names.add(ascii(body, entryStart, i - entryStart));
                }
                if (i < end && ++commas > MAX_RIDESHARE_COMMAS) {
                    throw new SssProtocolException(type, "rideshare list '" + ascii(body, listStart, listLength)
                            + "' has more than " + MAX_RIDESHARE_COMMAS + " commas (HKStella-10)");
                }
                entryStart = i + 1;
            }
        }
        sink.onCreateResult(true, clientBufLen, List.copyOf(names));
    }

    @Override
    void payloadStarted(SssFrameType type, int flags, int latency, long micros, String rideshare, int length)
            throws SssProtocolException {
        sink.onRxPayloadStart(flags, latency, micros, rideshare, length);
    }

    @Override
    void payloadPiece(ByteBuffer piece, int flags) throws SssProtocolException {
        sink.onRxPayloadPiece(piece, flags);
    }

    static void atLeast(SssFrameType type, int rem, int min) throws SssProtocolException {
        if (rem < min) {
            throw new SssProtocolException(type, "rem " + rem + ", needs at least " + min);
        }
    }

    static void exactly(SssFrameType type, int rem, int size) throws SssProtocolException {
        if (rem != size) {
            throw new SssProtocolException(type, "rem " + rem + ", must be " + size);
        }
    }
}
