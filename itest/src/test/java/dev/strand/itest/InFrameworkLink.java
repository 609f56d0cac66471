package dev.strand.itest;

import dev.strand.distribution.container.FoundProviders;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Drives a transport that lives inside the framework from this test, which lives outside it:
 * the test class path deliberately holds no Strand API classes (one class space, spec/java-stack.md
 * §4), so the API types are loaded from the framework's own api bundle and the link handler is a
 * {@link Proxy} of the bundle's {@code LinkHandler}. The loop is core-net's {@code EventLoop}.
 */
final class InFrameworkLink {

    private InFrameworkLink() {
    }

    /**
     * Connects the transport named {@code transportName} to {@code endpoint}, writes
     * {@code payload}, closes, and returns everything read until the link closed.
     *
     * @throws AssertionError if the link fails or closes with a cause
     */
    static byte[] roundTrip(BundleContext context, String transportName, String endpoint, byte[] payload)
            throws Exception {
        Bundle api = bundle(context, "dev.strand.api");
        Bundle coreNet = bundle(context, "dev.strand.core.net");
        Class<?> endpointType = api.loadClass("dev.strand.api.Endpoint");
        Class<?> optionsType = api.loadClass("dev.strand.api.transport.ConnectOptions");
        Class<?> loopType = api.loadClass("dev.strand.api.Loop");
        Class<?> handlerType = api.loadClass("dev.strand.api.transport.LinkHandler");
        Class<?> linkType = api.loadClass("dev.strand.api.transport.Link");
        Class<?> transportType = api.loadClass(FoundProviders.TRANSPORT_OPS);
        Method write = linkType.getMethod("write", ByteBuffer.class);
        Method close = linkType.getMethod("close");

        Object endpointValue = endpointType.getMethod("parse", String.class).invoke(null, endpoint);
        Object options = optionsType.getField("DEFAULT").get(null);
        AutoCloseable loop = (AutoCloseable) coreNet.loadClass("dev.strand.core.net.loop.EventLoop")
                .getConstructor(String.class).newInstance("itest-in-framework");

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        InvocationHandler events = (proxy, method, args) -> {
            switch (method.getName()) {
                case "onOpen" -> {
                    write.invoke(args[0], ByteBuffer.wrap(payload));
                    close.invoke(args[0]);
                }
                case "onRead" -> {
                    ByteBuffer data = (ByteBuffer) args[1];
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    synchronized (received) {
                        received.write(b);
                    }
                }
                case "onClosed" -> {
                    if (args[1] == null) {
                        closed.complete(null);
                    } else {
                        closed.completeExceptionally((Throwable) args[1]);
                    }
                }
                case "onConnectFailed" -> closed.completeExceptionally((Throwable) args[0]);
                case "toString" -> {
                    return "itest-handler";
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                default -> {
                    return null;
                }
            }
            return null;
        };
        Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType}, events);
        try {
            ServiceReference<?> ref = transportReference(context, transportName);
            Object transport = context.getService(ref);
            try {
                transportType.getMethod("connect", endpointType, optionsType, loopType, handlerType)
                        .invoke(transport, endpointValue, options, loop, handler);
                closed.get(20, TimeUnit.SECONDS);
            } finally {
                context.ungetService(ref);
            }
            synchronized (received) {
                return received.toByteArray();
            }
        } finally {
            loop.close();
        }
    }

    private static ServiceReference<?> transportReference(BundleContext context, String name) throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences(FoundProviders.TRANSPORT_OPS, null);
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            Object t = context.getService(ref);
            try {
                if (t != null && name.equals(FoundProviders.call(t, FoundProviders.TRANSPORT_OPS, "name"))) {
                    return ref;
                }
            } finally {
                context.ungetService(ref);
            }
        }
        throw new AssertionError("no transport '" + name + "' in the framework; found " + FoundProviders.transports(context));
    }

    private static Bundle bundle(BundleContext context, String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName + " in the framework");
    }
}
