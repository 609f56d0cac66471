package dev.strand.secure.streams.internal.osgi;

import dev.strand.api.LoopGroup;
import dev.strand.core.net.registry.Providers;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.secure.streams.policy.PolicyLoader;
import dev.strand.secure.streams.proxy.ProxySettings;
import dev.strand.secure.streams.proxy.SsProxyServer;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the SS proxy with the container when the framework properties say so
 * ({@link ProxySettings}: by default on {@code @proxy.ss.lws} with the embedded policy). Transports
 * come from core-net's OSGi-fed {@link Providers#shared()} (endpoints whose transport is not there
 * yet are listened on when it arrives); links run on a discovered {@link LoopGroup} service
 * (transport-wsi's Netty loops) when there is one. A proxy that cannot start is logged, and the
 * bundle stays active, unless {@link ProxySettings#REQUIRED} is set ({@code strand proxy}): then
 * the bundle fails to start. Only ever loaded inside a framework.
 */
public final class ProxyActivator implements BundleActivator {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyActivator.class);

    private ServiceTracker<LoopGroup, LoopGroup> loops;
    private SsProxyServer proxy;

    @Override
    public void start(BundleContext context) throws BundleException {
        boolean required = Boolean.parseBoolean(context.getProperty(ProxySettings.REQUIRED));
        ProxySettings settings;
        Policy policy;
        try {
            settings = ProxySettings.from(context::getProperty);
            if (!settings.enabled()) {
                LOG.info("SS proxy not started ({}=false)", ProxySettings.ENABLED);
                return;
            }
            policy = PolicyLoader.loadOrDefault(settings.policy());
        } catch (Exception e) {
            notStarted(required, e.getMessage(), e);
            return;
        }
        loops = new ServiceTracker<>(context, LoopGroup.class, null);
        loops.open();
        SsProxyServer.Builder b = SsProxyServer.builder(policy).providers(Providers.shared())
                .discoveredLoops(loops::getService);
        settings.endpoints().forEach(b::listen);
        SsProxyServer server = b.build();
        try {
            server.start();
            proxy = server;
        } catch (Exception e) {
            loops.close();
            loops = null;
            notStarted(required, "cannot listen on " + settings.endpoints() + ": " + e, e);
        }
    }

    private static void notStarted(boolean required, String why, Exception cause) throws BundleException {
        LOG.error("SS proxy not started: {}", why);
        if (required) {
            throw new BundleException("SS proxy not started: " + why, cause);
        }
    }

    @Override
    public void stop(BundleContext context) {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
        if (loops != null) {
            loops.close();
            loops = null;
        }
    }
}
