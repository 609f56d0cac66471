package dev.strand.core.net.registry;

import dev.strand.api.Endpoint;
import dev.strand.api.LoopGroup;
import dev.strand.api.protocol.ProtocolOps;
import dev.strand.api.transport.TransportOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transports and protocols present in this process, and the loop groups transports offer to
 * run their links on. Thread-safe.
 *
 * <p>{@link #shared()} is the process-wide registry. Inside an OSGi framework, core-net's bundle
 * activator feeds it from the service registry, and {@link java.util.ServiceLoader} is never
 * used; elsewhere it is filled from {@code ServiceLoader} on first use. Tests and embedders can
 * also make private registries with {@link #empty()}.
 */
public final class Providers {

    private static final Logger LOG = LoggerFactory.getLogger(Providers.class);

    private final Map<String, TransportOps> transportsByName = new ConcurrentHashMap<>();
    private final Map<String, ProtocolOps> protocolsByName = new ConcurrentHashMap<>();
    private final List<TransportOps> transports = new CopyOnWriteArrayList<>();
    private final List<ProtocolOps> protocols = new CopyOnWriteArrayList<>();
    private final List<LoopGroup> loopGroups = new CopyOnWriteArrayList<>();
    private final List<ProvidersListener> listeners = new CopyOnWriteArrayList<>();

    private Providers() {
    }

    /** A registry with nothing in it. */
    public static Providers empty() {
        return new Providers();
    }

    /** The process-wide registry (see the class comment for how it is filled). */
    public static Providers shared() {
        return Shared.INSTANCE;
    }

    /** A new registry filled from {@link ServiceLoader} with the given class loader's view. */
    public static Providers fromServiceLoader(ClassLoader loader) {
        Providers p = new Providers();
        ServiceLoader.load(TransportOps.class, loader).forEach(p::addTransport);
        ServiceLoader.load(ProtocolOps.class, loader).forEach(p::addProtocol);
        ServiceLoader.load(LoopGroup.class, loader).forEach(p::addLoopGroup);
        return p;
    }

    /** Adds a transport; a second transport with the same name is ignored with a warning. */
    public void addTransport(TransportOps transport) {
        if (transportsByName.putIfAbsent(transport.name(), transport) != null) {
            LOG.warn("transport '{}' ({}) ignored: one of that name is already present",
                    transport.name(), transport.getClass().getName());
            return;
        }
        transports.add(transport);
        for (String scheme : transport.schemes()) {
            transportsFor(scheme).stream().filter(t -> t != transport).findFirst().ifPresent(t ->
                    LOG.warn("transports '{}' and '{}' both serve scheme '{}'; '{}' is used",
                            t.name(), transport.name(), scheme, t.name()));
        }
        listeners.forEach(l -> l.transportAdded(transport));
    }

    /** Removes a transport (its bundle went away). */
    public void removeTransport(TransportOps transport) {
        if (transportsByName.remove(transport.name(), transport)) {
            transports.remove(transport);
            listeners.forEach(l -> l.transportRemoved(transport));
        }
    }

    /** Adds a protocol; a second protocol with the same name is ignored with a warning. */
    public void addProtocol(ProtocolOps protocol) {
        if (protocolsByName.putIfAbsent(protocol.name(), protocol) != null) {
            LOG.warn("protocol '{}' ({}) ignored: one of that name is already present",
                    protocol.name(), protocol.getClass().getName());
            return;
        }
        protocols.add(protocol);
        listeners.forEach(l -> l.protocolAdded(protocol));
    }

    /** Removes a protocol. */
    public void removeProtocol(ProtocolOps protocol) {
        if (protocolsByName.remove(protocol.name(), protocol)) {
            protocols.remove(protocol);
            listeners.forEach(l -> l.protocolRemoved(protocol));
        }
    }

    /**
     * Adds a loop group that a transport offers: links owned by its loops need no hand-over
     * between threads (transport-wsi offers its Netty loops).
     */
    public void addLoopGroup(LoopGroup group) {
        if (!loopGroups.contains(group)) {
            loopGroups.add(group);
        }
    }

    /** Removes a loop group (its bundle went away). */
    public void removeLoopGroup(LoopGroup group) {
        loopGroups.remove(group);
    }

    /**
     * The loop group a new client or server should run on when its owner names none: the first
     * one offered, if any. Owners that find none make loops of their own (core-net's
     * {@link dev.strand.core.net.loop.EventLoop}).
     */
    public Optional<LoopGroup> preferredLoops() {
        return loopGroups.stream().findFirst();
    }

    /** The transports present, in the order they arrived. */
    public List<TransportOps> transports() {
        return List.copyOf(transports);
    }

    /** The protocols present, in the order they arrived. */
    public List<ProtocolOps> protocols() {
        return List.copyOf(protocols);
    }

    /** The transport called {@code name}. */
    public Optional<TransportOps> transport(String name) {
        return Optional.ofNullable(transportsByName.get(name));
    }

    /** The protocol called {@code name} ({@code raw}, {@code h1}, ...). */
    public Optional<ProtocolOps> protocol(String name) {
        return Optional.ofNullable(protocolsByName.get(name));
    }

    /**
     * The transport that serves {@code endpoint}: for a layered endpoint ({@code mux+tcp:...}),
     * the one serving the outer scheme, which resolves the inner endpoint itself.
     *
     * @throws NoSuchTransportException naming the scheme and the schemes that are served
     */
    public TransportOps transportFor(Endpoint endpoint) {
        List<TransportOps> candidates = transportsFor(endpoint.outerScheme());
        if (candidates.isEmpty()) {
            List<String> served = new ArrayList<>();
            transports.forEach(t -> served.addAll(t.schemes()));
            throw new NoSuchTransportException("no transport serves '" + endpoint.outerScheme()
                    + ":' (endpoint " + endpoint + "); schemes served: " + served.stream().sorted().toList());
        }
        return candidates.get(0);
    }

    private List<TransportOps> transportsFor(String scheme) {
        return transports.stream().filter(t -> t.schemes().contains(scheme)).toList();
    }

    /**
     * Calls {@code listener} for every provider present now and for every later change, until the
     * returned handle is closed.
     */
    public AutoCloseable subscribe(ProvidersListener listener) {
        listeners.add(listener);
        transports.forEach(listener::transportAdded);
        protocols.forEach(listener::protocolAdded);
        return () -> listeners.remove(listener);
    }

    private static final class Shared {
        static final Providers INSTANCE = create();

        private static Providers create() {
            if (OsgiEnvironment.isBundleClass(Providers.class)) {
                LOG.debug("inside an OSGi framework: providers come from the service registry");
                return new Providers();
            }
            Providers p = new Providers();
            ServiceLoader.load(TransportOps.class).forEach(p::addTransport);
            ServiceLoader.load(ProtocolOps.class).forEach(p::addProtocol);
            ServiceLoader.load(LoopGroup.class).forEach(p::addLoopGroup);
            LOG.debug("providers from ServiceLoader: transports {} protocols {} loop groups {}",
                    p.transports.stream().map(TransportOps::name).toList(),
                    p.protocols.stream().map(ProtocolOps::name).toList(), p.loopGroups);
            return p;
        }
    }
}
