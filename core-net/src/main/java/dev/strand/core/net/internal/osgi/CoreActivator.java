package dev.strand.core.net.internal.osgi;

import dev.strand.api.LoopGroup;
import dev.strand.api.protocol.ProtocolOps;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.registry.Providers;
import java.util.function.BiConsumer;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@link Providers#shared()} from the OSGi service registry: transports, protocols and the
 * loop groups transports offer, which SPI Fly (or DS) registers as services, arrive and leave with
 * their bundles. Only ever loaded inside a framework.
 */
public final class CoreActivator implements BundleActivator {

    private static final Logger LOG = LoggerFactory.getLogger(CoreActivator.class);

    private ServiceTracker<TransportOps, TransportOps> transports;
    private ServiceTracker<ProtocolOps, ProtocolOps> protocols;
    private ServiceTracker<LoopGroup, LoopGroup> loopGroups;

    @Override
    public void start(BundleContext context) {
        Providers registry = Providers.shared();
        transports = track(context, TransportOps.class, registry::addTransport, registry::removeTransport,
                (t, b) -> LOG.info("transport {}: {} {} from {}", b, t.name(), t.schemes(), t.getClass().getName()));
        protocols = track(context, ProtocolOps.class, registry::addProtocol, registry::removeProtocol,
                (p, b) -> LOG.info("protocol {}: {} from {}", b, p.name(), p.getClass().getName()));
        loopGroups = track(context, LoopGroup.class, registry::addLoopGroup, registry::removeLoopGroup,
                (g, b) -> LOG.info("loop group {}: {} from {}", b, g, g.getClass().getName()));
    }

    @Override
    public void stop(BundleContext context) {
        transports.close();
        protocols.close();
        loopGroups.close();
    }

    private static <T> ServiceTracker<T, T> track(BundleContext context, Class<T> type,
            java.util.function.Consumer<T> add, java.util.function.Consumer<T> remove,
            BiConsumer<T, String> log) {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null) {
            @Override
            public T addingService(ServiceReference<T> reference) {
                T service = context.getService(reference);
                if (service != null) {
                    add.accept(service);
                    log.accept(service, "added");
                }
                return service;
            }

            @Override
            public void removedService(ServiceReference<T> reference, T service) {
                remove.accept(service);
                log.accept(service, "removed");
                context.ungetService(reference);
            }
        };
        tracker.open();
        return tracker;
    }
}
