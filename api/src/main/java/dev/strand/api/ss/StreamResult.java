package dev.strand.api.ss;

/**
 * What a {@link StreamHandler} callback asks for, with libwebsockets' {@code LWSSSSRET_*} values.
 */
public enum StreamResult {

    /** {@code tx} only: nothing to send this time. */
    TX_DONT_SEND(1),
    /** Continue. */
    OK(0),
    /** Drop the current connection; the stream stays, and retry policy may reconnect it. */
    DISCONNECT_ME(-1),
    /** Destroy the stream once the callback has returned. */
    DESTROY_ME(-2);

    private final int lwsValue;

    StreamResult(int lwsValue) {
        this.lwsValue = lwsValue;
    }

    /** The {@code LWSSSSRET_*} number. */
    public int lwsValue() {
        return lwsValue;
    }
}
