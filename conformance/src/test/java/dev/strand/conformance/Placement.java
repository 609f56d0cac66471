package dev.strand.conformance;

/** Where the secure streams of a case are served. */
enum Placement {
    /** {@code InProcessSecureStreams}: the policy and the onward connections are in the application's process. */
    IN_PROCESS,
    /** {@code SsProxyClient} to a Strand SS proxy over an abstract Unix socket. */
    PROXY_UDS,
    /** {@code SsProxyClient} to a Strand SS proxy over {@code uart:} on a socat pty pair: the transport mux on a UART. */
    PROXY_UART_MUX;

    boolean proxied() {
        return this != IN_PROCESS;
    }
}
