package dev.strand.protocol.h1;

import dev.strand.http.HttpExchange;

/** One exchange bound to an {@link H1Session}, and how far its request and response have got. Loop-confined. */
final class ExchangeSlot {

    final HttpExchange exchange;
    /** The request head is on the wire. */
    boolean headWritten;
    /** The whole request (head and body) is on the wire. */
    boolean requestSent;
    /** The response head was handed to the exchange. */
    boolean headDelivered;
    /** The request carries {@code Connection: close}. */
    boolean asksToClose;

    ExchangeSlot(HttpExchange exchange) {
        this.exchange = exchange;
    }
}
