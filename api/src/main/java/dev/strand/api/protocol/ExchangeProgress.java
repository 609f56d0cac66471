package dev.strand.api.protocol;

/**
 * How far a bound exchange has got, as its session reports it with
 * {@link SessionListener#onExchangeProgress}. The engine uses these to arm and disarm the
 * exchange's deadlines without knowing the protocol, and to refuse to replay an exchange whose
 * response has begun.
 */
public enum ExchangeProgress {

    /** The whole request (headers and body) has been handed to the link. */
    REQUEST_SENT,

    /** The head of the response arrived and was given to the exchange (HTTP: the final status and headers). */
    RESPONSE_STARTED,

    /** More of the response arrived after it started (body bytes, trailers). */
    RESPONSE_DATA
}
