package dev.strand.secure.streams;

import dev.strand.api.Loop;
import dev.strand.api.ss.SecureStream;
import dev.strand.api.ss.SecureStreams;
import dev.strand.api.ss.StreamOptions;
import dev.strand.secure.streams.local.LocalStream;
import dev.strand.secure.streams.local.StreamContext;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.secure.streams.policy.PolicyException;
import dev.strand.secure.streams.policy.PolicyLoader;
import dev.strand.secure.streams.policy.StreamType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secure streams served in this process: the policy is loaded here and each stream makes its
 * onward connection itself (a {@link LocalStream}), with no proxy in between. A drop-in for the
 * proxy client ({@code dev.strand.core.net.sss.SsProxyClient}): the same {@code StreamHandler}
 * sees the same sequences of states, payload and flags, so application code does not change with
 * its placement.
 *
 * <p>What differs, because there is no proxy:
 * <ul>
 *   <li>{@code UPSTREAM_LINK_RETRY} never comes (there is no link to a proxy to retry);</li>
 *   <li>an unknown streamtype, or one whose protocol has no onward binding here, fails
 *       {@link #create} with {@link IllegalArgumentException} (a proxy refuses it later, and the
 *       proxied stream is destroyed);</li>
 *   <li>metadata the streamtype does not declare is refused by {@code setMetadata} at once (a
 *       proxy hangs up the stream's link instead);</li>
 *   <li>{@code onTx} offers 1380 bytes, lws's sink hand-off size (a proxied stream offers what one
 *       frame of its link carries: 4061 bytes on a socket, 2013 on a mux channel);</li>
 *   <li>{@code DISCONNECT_ME} drops the onward connection, which comes back through the policy's
 *       backoff, or stays down if the streamtype is opportunistic (a proxied stream drops its link
 *       to the proxy and relinks after a second, then reports POLL, CONNECTING the same way, but
 *       asks for its connection again, opportunistic or not, if it had asked before);</li>
 *   <li>{@code onTxUndelivered} never comes: what an onward connection loses when it drops is not
 *       counted (a proxied stream reports what its link to the proxy did not carry).</li>
 * </ul>
 *
 * <p>Thread-safe. Each stream belongs to the loop it was created on.
 */
public final class InProcessSecureStreams implements SecureStreams {

    private final Policy policy;
    private final StreamContext context;
    private final Set<InProcessStream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Streams of {@code policy} whose onward connections use {@code context}'s transports and deadline. */
    public InProcessSecureStreams(Policy policy, StreamContext context) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Streams of {@code policy} over the process's transports ({@link StreamContext#shared()}). */
    public static InProcessSecureStreams of(Policy policy) {
        return new InProcessSecureStreams(policy, StreamContext.shared());
    }

    /**
     * Streams of the policy in {@code file}, or of the embedded default policy when none is given,
     * over the process's transports.
     *
     * @throws IOException     if the file cannot be read
     * @throws PolicyException if it is not a valid policy
     */
    public static InProcessSecureStreams load(Optional<Path> file) throws IOException, PolicyException {
        return of(PolicyLoader.loadOrDefault(file));
    }

    /** The policy streams are made from. */
    public Policy policy() {
        return policy;
    }

    /**
     * Creates a stream; its {@code CREATING} follows from {@code loop} once this returned. Call
     * from {@code loop}.
     *
     * @throws IllegalArgumentException if the policy has no such streamtype, or it is a server
     *                                  streamtype or speaks a protocol with no onward binding here
     * @throws IllegalStateException    if this is closed, or not called from {@code loop}
     */
    @Override
    public SecureStream create(StreamOptions options, Loop loop) {
        loop.assertInLoop();
        if (closed) {
            throw new IllegalStateException("these in-process secure streams are closed");
        }
        StreamType type = policy.streamType(options.streamType()).orElseThrow(() -> new IllegalArgumentException(
                "streamtype '" + options.streamType() + "' is not in policy " + policy.source()));
        if (!LocalStream.supports(type, context)) {
            throw new IllegalArgumentException("streamtype '" + type.name() + "' speaks " + type.protocol().policyName()
                    + (type.server() ? " as a server" : "") + ", which has no onward binding in this process");
        }
        InProcessStream stream = new InProcessStream(this, type, options, loop, context);
        streams.add(stream);
        loop.execute(stream::start);
        return stream;
    }

    /** Destroys every stream made here, each on its own loop. */
    @Override
    public void close() {
        closed = true;
        for (InProcessStream s : streams) {
            s.loop().execute(s::destroy);
        }
    }

    void forget(InProcessStream stream) {
        streams.remove(stream);
    }

    /** Streams that are not destroyed yet. */
    int liveStreams() {
        return streams.size();
    }
}
