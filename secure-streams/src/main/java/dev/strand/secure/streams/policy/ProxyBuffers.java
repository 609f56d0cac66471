package dev.strand.secure.streams.policy;

import dev.strand.core.net.sss.SssWire;

/**
 * The buffering keys that matter when a streamtype is served through an SS proxy. Immutable.
 *
 * @param proxyBuflen         {@code proxy_buflen}: most bytes the proxy holds for proxy-to-client data; 0 = 32768
 * @param proxyRxflowOnAbove  {@code proxy_buflen_rxflow_on_above}: above this the proxy stops reading onward
 * @param proxyRxflowOffBelow {@code proxy_buflen_rxflow_off_below}: below this it reads again
 * @param clientBuflen        {@code client_buflen}: sent to the client in CREATE_RESULT; 0 lets the client pick
 * @param clientRxflowOnAbove  {@code client_buflen_rxflow_on_above}: parsed by lws, not wired up (inert)
 * @param clientRxflowOffBelow {@code client_buflen_rxflow_off_below}: parsed by lws, not wired up (inert)
 */
public record ProxyBuffers(int proxyBuflen, int proxyRxflowOnAbove, int proxyRxflowOffBelow, int clientBuflen,
                           int clientRxflowOnAbove, int clientRxflowOffBelow) {

    public ProxyBuffers {
        if (proxyBuflen < 0 || proxyRxflowOnAbove < 0 || proxyRxflowOffBelow < 0 || clientBuflen < 0
                || clientRxflowOnAbove < 0 || clientRxflowOffBelow < 0) {
            throw new IllegalArgumentException("buffer sizes must not be negative");
        }
    }

    /** The proxy-side buffer size actually used. */
    public int effectiveProxyBuflen() {
        return proxyBuflen == 0 ? SssWire.DEFAULT_PROXY_BUFLEN : proxyBuflen;
    }

    /** Whether the proxy applies rx flow control to the onward connection (a high-water mark is set). */
    public boolean proxyRxflow() {
        return proxyRxflowOnAbove > 0;
    }
}
