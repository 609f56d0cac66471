package dev.strand.core.net.sss;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link OnwardStreamFactory#create}: the proxy sends CREATE_RESULT from it.
 */
public sealed interface OnwardCreation permits OnwardCreation.Created, OnwardCreation.Refused {

    /** P→C bytes queued above which the onward stream is told to stop reading, when the policy gives none. */
    int DEFAULT_RX_FLOW_ON_ABOVE = SssWire.DEFAULT_PROXY_BUFLEN;
    /** P→C bytes queued below which the onward stream reads again, when the policy gives none. */
    int DEFAULT_RX_FLOW_OFF_BELOW = SssWire.DEFAULT_PROXY_BUFLEN / 2;

    /** A stream with no client_buflen, no rideshares and the default flow thresholds. */
    static Created created(OnwardStream stream) {
        return new Created(stream, 0, List.of(), DEFAULT_RX_FLOW_ON_ABOVE, DEFAULT_RX_FLOW_OFF_BELOW);
    }

    /** A refusal; {@code reason} is logged, the client only learns that creation failed. */
    static Refused refused(String reason) {
        return new Refused(reason);
    }

    /**
     * The onward stream exists.
     *
     * @param stream        the stream the terminal drives
     * @param clientBufLen  the policy's {@code client_buflen} (0 if none): sizes an lws client's
     *                      receive buffer
     * @param rideshares    the rideshare streamtypes of the policy chain, after the stream's own;
     *                      lws HEAD clients take at most two (the terminal drops any more, with a
     *                      warning)
     * @param rxFlowOnAbove  {@code proxy_buflen_rxflow_on_above}: above this many queued P→C
     *                       bytes the onward stream stops reading
     * @param rxFlowOffBelow {@code proxy_buflen_rxflow_off_below}: below this it reads again
     */
    record Created(OnwardStream stream, long clientBufLen, List<String> rideshares, int rxFlowOnAbove,
                   int rxFlowOffBelow) implements OnwardCreation {
        public Created {
            Objects.requireNonNull(stream, "stream");
            rideshares = List.copyOf(rideshares);
            if (clientBufLen < 0 || clientBufLen > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("client_buflen " + clientBufLen + " is outside 0..2^32-1");
            }
            if (rxFlowOffBelow < 0 || rxFlowOnAbove < rxFlowOffBelow) {
                throw new IllegalArgumentException("rx flow thresholds on_above " + rxFlowOnAbove
                        + " / off_below " + rxFlowOffBelow + " must satisfy 0 <= off_below <= on_above");
            }
        }

        /** The same with the policy's client_buflen and rideshares. */
        public Created withPolicy(long bufLen, List<String> rideshareTypes) {
            return new Created(stream, bufLen, rideshareTypes, rxFlowOnAbove, rxFlowOffBelow);
        }

        /** The same with the policy's rx flow thresholds. */
        public Created withRxFlow(int onAbove, int offBelow) {
            return new Created(stream, clientBufLen, rideshares, onAbove, offBelow);
        }
    }

    /** The streamtype cannot be served. */
    record Refused(String reason) implements OnwardCreation {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
