package dev.strand.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * At run time on the module path, {@code api} needs nothing and {@code core-net} nothing but the
 * api and slf4j-api: module layers made of exactly those jars resolve, and core-net runs in one.
 */
class ModulePathDependenciesTest {

    /** The jar in the distribution's mods/ whose file name is {@code artifactId-VERSION.jar}. */
    private static Path mod(String artifactId) {
        try (Stream<Path> files = Files.list(Reactor.distribution().resolve("mods"))) {
            return files.filter(f -> f.getFileName().toString().matches(Pattern.quote(artifactId) + "-[0-9].*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + artifactId + " in mods/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path apiJar() {
        return mod("strand-api");
    }

    private static Path coreNetJar() {
        return mod("strand-core-net");
    }

    private static Path slf4jApiJar() {
        return mod("slf4j-api");
    }

    private static Configuration resolve(String root, Path... jars) {
        return ModuleLayer.boot().configuration().resolve(ModuleFinder.of(jars), ModuleFinder.of(), Set.of(root));
    }

    private static Set<String> reads(Configuration cf, String module) {
        return cf.findModule(module).orElseThrow().reads().stream()
                .map(ResolvedModule::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void apiResolvesAloneAndReadsOnlyJavaBase() {
        Configuration cf = resolve("dev.strand.api", apiJar());
        assertEquals(Set.of("dev.strand.api"), cf.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet()));
        assertEquals(Set.of("java.base"), reads(cf, "dev.strand.api"));
    }

    @Test
    void coreNetResolvesWithOnlyTheApiAndSlf4jApi() {
        Configuration cf = resolve("dev.strand.core.net", apiJar(), coreNetJar(), slf4jApiJar());
        assertEquals(Set.of("dev.strand.api", "dev.strand.core.net", "org.slf4j"),
                cf.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet()));
        assertEquals(Set.of("java.base", "dev.strand.api", "org.slf4j"), reads(cf, "dev.strand.core.net"));
    }

    @Test
    void coreNetDoesNotResolveWithoutSlf4jApi() {
        FindException e = assertThrows(FindException.class, () -> resolve("dev.strand.core.net", apiJar(), coreNetJar()));
        assertTrue(e.getMessage().contains("org.slf4j"), e.getMessage());
    }

    @Test
    void theApiRunsInALayerOfItsOwn() throws Exception {
        ModuleLayer layer = layerOf(resolve("dev.strand.api", apiJar()));
        ClassLoader loader = layer.findLoader("dev.strand.api");
        Class<?> endpoint = loader.loadClass("dev.strand.api.Endpoint");
        Object parsed = endpoint.getMethod("parse", String.class).invoke(null, "mux+tcp:127.0.0.1:7682");
        assertEquals("mux", endpoint.getMethod("outerScheme").invoke(parsed));
        Class<?> state = loader.loadClass("dev.strand.api.ss.StreamState");
        assertEquals("CONNECTED", state.getMethod("name").invoke(state.getMethod("of", long.class).invoke(null, 5L)));
    }

    /**
     * core-net's registry (the process-wide one, which first asks whether it runs in a framework),
     * its event loop and its loopback transport at work with only api, core-net and slf4j-api
     * present: no osgi.core, no slf4j provider.
     */
    @Test
    void coreNetRunsInALayerOfOnlyApiCoreNetAndSlf4jApi() throws Exception {
        ModuleLayer layer = layerOf(resolve("dev.strand.core.net", apiJar(), coreNetJar(), slf4jApiJar()));
        ClassLoader loader = layer.findLoader("dev.strand.core.net");
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(loader);
        try {
            Class<?> providers = loader.loadClass("dev.strand.core.net.registry.Providers");
            Class<?> transportOps = loader.loadClass("dev.strand.api.transport.TransportOps");
            Object fromLoader = providers.getMethod("fromServiceLoader", ClassLoader.class).invoke(null, loader);
            assertEquals(List.of("loopback", "mux"), names(transportOps, providers.getMethod("transports").invoke(fromLoader)),
                    "core-net's own transports, found with nothing else present");
            Object shared = providers.getMethod("shared").invoke(null);
            assertEquals(List.of("loopback", "mux"), names(transportOps, providers.getMethod("transports").invoke(shared)),
                    "the process-wide registry outside a framework");

            byte[] echoed = loopbackEcho(loader, shared, "ping through core-net".getBytes(StandardCharsets.UTF_8));
            assertEquals("ping through core-net", new String(echoed, StandardCharsets.UTF_8));
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    private static ModuleLayer layerOf(Configuration cf) {
        return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
    }

    private static List<Object> names(Class<?> transportOps, Object transports) {
        return ((List<?>) transports).stream().map(t -> {
            try {
                return transportOps.getMethod("name").invoke(t);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toList());
    }

    /**
     * Listens on a {@code mem:} endpoint with an echoing acceptor, connects to it on a core-net
     * {@code EventLoop}, writes {@code payload} and returns what comes back. The API types are the
     * layer's, so the handlers are {@link Proxy} instances of its interfaces.
     */
    private static byte[] loopbackEcho(ClassLoader loader, Object registry, byte[] payload) throws Exception {
        Class<?> endpointType = loader.loadClass("dev.strand.api.Endpoint");
        Class<?> loopType = loader.loadClass("dev.strand.api.Loop");
        Class<?> groupType = loader.loadClass("dev.strand.api.LoopGroup");
        Class<?> optionsType = loader.loadClass("dev.strand.api.transport.ConnectOptions");
        Class<?> handlerType = loader.loadClass("dev.strand.api.transport.LinkHandler");
        Class<?> acceptorType = loader.loadClass("dev.strand.api.transport.LinkAcceptor");
        Class<?> linkType = loader.loadClass("dev.strand.api.transport.Link");
        Class<?> transportType = loader.loadClass("dev.strand.api.transport.TransportOps");
        Method write = linkType.getMethod("write", ByteBuffer.class);

        Object endpoint = endpointType.getMethod("parse", String.class).invoke(null, "mem:layer-echo-" + System.nanoTime());
        Object transport = registry.getClass().getMethod("transportFor", endpointType).invoke(registry, endpoint);
        AutoCloseable loop = (AutoCloseable) loader.loadClass("dev.strand.core.net.loop.EventLoop")
                .getConstructor(String.class).newInstance("layer-loop");
        try {
            Object echo = handler(handlerType, (method, args) -> {
                if (method.equals("onRead")) {
                    write.invoke(args[0], args[1]);
                }
            });
            Object acceptor = Proxy.newProxyInstance(loader, new Class<?>[] {acceptorType},
                    (proxy, method, args) -> method.getName().equals("accept") ? echo : objectMethod(proxy, method, args));
            AutoCloseable listener = (AutoCloseable) transportType.getMethod("listen", endpointType, groupType, acceptorType)
                    .invoke(transport, endpoint, loop, acceptor);
            try {
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                CompletableFuture<byte[]> done = new CompletableFuture<>();
                Object client = handler(handlerType, (method, args) -> {
                    switch (method) {
                        case "onOpen" -> write.invoke(args[0], ByteBuffer.wrap(payload));
                        case "onRead" -> {
                            ByteBuffer data = (ByteBuffer) args[1];
                            while (data.hasRemaining()) {
                                received.write(data.get());
                            }
                            if (received.size() >= payload.length) {
                                done.complete(received.toByteArray());
                            }
                        }
                        case "onClosed", "onConnectFailed" -> done.completeExceptionally(
                                new AssertionError(method + " before the echo came back", (Throwable) args[args.length - 1]));
                        default -> { }
                    }
                });
                transportType.getMethod("connect", endpointType, optionsType, loopType, handlerType)
                        .invoke(transport, endpoint, optionsType.getField("DEFAULT").get(null), loop, client);
                return done.get(20, TimeUnit.SECONDS);
            } finally {
                listener.close();
            }
        } finally {
            loop.close();
        }
    }

    /** What a {@link #handler} does with one callback. */
    private interface Callback {
        void on(String method, Object[] args) throws Exception;
    }

    private static Object handler(Class<?> handlerType, Callback callback) {
        return Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args);
            }
            callback.on(method.getName(), args);
            return null;
        });
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "layer-test-handler";
            default -> null;
        };
    }
}
