package dev.strand.secure.streams.local;

import dev.strand.secure.streams.policy.ConnectTarget;
import java.nio.ByteBuffer;

/**
 * The protocol-specific half of one onward connection of a {@link LocalStream}: raw and ws now;
 * h1 and h2 plug in here as their issues land. A binding makes exactly one connection attempt and
 * reports to its {@link BindingEvents}; the stream makes a new binding for each attempt. Confined
 * to the stream's loop.
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

        /** The connection is up (for raw: the socket connected). */
        void connected();

        /** The attempt failed before the connection was up. */
        void failed(Throwable cause);

        /** Payload arrived. */
        void rx(ByteBuffer data, int flags);

        /** After a {@code write} that returned {@code false}: more may come. */
        void writable();

        /** The connection that was up is gone; {@code cause} is null for an orderly close. */
        void closed(Throwable cause);
    }

    /** Makes the binding of one protocol for one connection attempt. */
    @FunctionalInterface
    interface Factory {
        ProtocolBinding create(BindingSetup setup, BindingEvents events);
    }
}
