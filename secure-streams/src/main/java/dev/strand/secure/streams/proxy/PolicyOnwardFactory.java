package dev.strand.secure.streams.proxy;

import dev.strand.core.net.sss.OnwardCreation;
import dev.strand.core.net.sss.OnwardListener;
import dev.strand.core.net.sss.OnwardRequest;
import dev.strand.core.net.sss.OnwardStreamFactory;
import dev.strand.core.net.sss.SssWire;
import dev.strand.secure.streams.local.LocalStream;
import dev.strand.secure.streams.local.StreamContext;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.secure.streams.policy.ProxyBuffers;
import dev.strand.secure.streams.policy.StreamType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy side of an SS proxy: for each client's STREAMTYPE it looks the streamtype up in the
 * {@link Policy} and makes a {@link LocalStream} for it, or refuses (unknown streamtype,
 * {@code _lws_smd}, a server streamtype, or a protocol with no onward binding: raw is always
 * carried, h1 and h2 when their protocol module is present, ws and mqtt not here). CREATE_RESULT
 * carries the policy's {@code client_buflen} and rideshare chain; P→C flow control uses
 * {@code proxy_buflen_rxflow_on_above}/{@code _off_below}, or, without them, pauses the onward
 * connection at {@code proxy_buflen} ({@link SssWire#DEFAULT_PROXY_BUFLEN} by default) and resumes at half of it, where lws
 * would drop the onward stream. Stateless apart from the policy; thread-safe.
 */
public final class PolicyOnwardFactory implements OnwardStreamFactory {

    private final Policy policy;
    private final StreamContext context;

    public PolicyOnwardFactory(Policy policy, StreamContext context) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.context = Objects.requireNonNull(context, "context");
    }

    /** The policy streams are made from. */
    public Policy policy() {
        return policy;
    }

    @Override
    public OnwardCreation create(OnwardRequest request, OnwardListener listener) {
        String name = request.streamType();
        if (name.equals(SssWire.SMD_STREAMTYPE)) {
            return OnwardCreation.refused("System Message Distribution (" + name + ") is not served by this proxy");
        }
        Optional<StreamType> found = policy.streamType(name);
        if (found.isEmpty()) {
            return OnwardCreation.refused("streamtype '" + name + "' is not in policy " + policy.source());
        }
        StreamType type = found.get();
        if (!LocalStream.supports(type, context)) {
            return OnwardCreation.refused("streamtype '" + name + "' speaks " + type.protocol().policyName()
                    + (type.server() ? " as a server" : "") + ", which this proxy cannot carry onward");
        }
        ProxiedOnward onward = new ProxiedOnward(listener);
        LocalStream stream = LocalStream.create(type, request.loop(), context, onward,
                request.peer() + " pid " + request.clientPid());
        onward.attach(stream);
        ProxyBuffers b = type.buffers();
        List<String> chain = policy.rideshareList(name);
        int onAbove = b.proxyRxflow() ? b.proxyRxflowOnAbove() : b.effectiveProxyBuflen();
        int offBelow = b.proxyRxflow() ? Math.min(b.proxyRxflowOffBelow(), onAbove) : onAbove / 2;
        return OnwardCreation.created(onward)
                .withPolicy(b.clientBuflen(), chain.subList(Math.min(1, chain.size()), chain.size()))
                .withRxFlow(onAbove, offBelow);
    }
}
