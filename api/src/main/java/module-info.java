/**
 * Strand's contracts: the transport and protocol SPIs, the event-loop contract every other SPI
 * refers to, and the Secure Streams user API. This module holds no implementations and depends
 * on nothing but {@code java.base}.
 */
module dev.strand.api {
    exports dev.strand.api;
    exports dev.strand.api.transport;
    exports dev.strand.api.protocol;
    exports dev.strand.api.ss;
}
