package dev.strand.secure.streams.local;

import dev.strand.secure.streams.policy.ConnectTarget;
import java.nio.ByteBuffer;

/**
 * The protocol-specific half of one onward connection, or one transaction, of a
 * {@link LocalStream}: raw, HTTP (h1, h2) and ws here. A binding makes
 * exactly one attempt and reports to its {@link BindingEvents}; the stream makes a new binding for
 * each attempt (and, for HTTP, each transaction). Confined to the stream's loop.
 */
interface ProtocolBinding {

    /** Starts connecting to {@code target}; the outcome arrives as {@code connected} or {@code failed}. */
    void open(ConnectTarget target);

    /**
     * Sends one piece of payload (copied before this returns).
     *
     * @return whether more may come now; after {@code false} the binding calls
     *         {@link BindingEvents#writable()} once it can take more
     */
    boolean write(ByteBuffer piece, int flags);

    /** Pauses ({@code false}) or resumes reading from the peer. */
    void setReading(boolean on);

    /** Drops the connection (or the attempt) without reporting anything more. Idempotent. */
    void close();

    /** What a binding reports; called on the stream's loop. */
    interface BindingEvents {

        /** The connection is up (raw: the socket connected; HTTP: the response head arrived, or a body may be sent). */
        void connected();

        /** The attempt failed before the connection was up. */
        void failed(Throwable cause);

        /**
         * The peer asked to be tried again later (HTTP 503 or 429): the attempt failed, and the
         * next one comes after the backoff delay or {@code retryAfterMillis}, whichever is longer.
         */
        void retryLater(Throwable cause, long retryAfterMillis);

        /** Metadata the peer sent (a response header the policy maps to {@code name}), ahead of the payload it belongs to. */
        void rxMetadata(String name, byte[] value);

        /** An application state the policy maps the response to ({@code http_resp_map}). */
        void userState(int state);

        /** Payload arrived. */
        void rx(ByteBuffer data, int flags);

        /** After a {@code write} that returned {@code false}: more may come. */
        void writable();

        /** The transaction completed: {@code success} says whether the response counts as good. The binding is done. */
        void transactionDone(boolean success);

        /** The connection that was up is gone; {@code cause} is null for an orderly close. */
        void closed(Throwable cause);
    }

    /** Makes the binding of one protocol for one connection attempt. */
    @FunctionalInterface
    interface Factory {
        ProtocolBinding create(BindingSetup setup, BindingEvents events);
    }
}
