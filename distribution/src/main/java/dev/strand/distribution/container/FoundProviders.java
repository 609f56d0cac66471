package dev.strand.distribution.container;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Lists the transports and protocols registered in a framework, for the container's log. The
 * launcher lives outside the framework and does not see the Strand API classes the bundles use,
 * so it finds the services by interface name and calls {@code name()} and {@code schemes()}
 * reflectively through the interface the service implements. Stateless.
 */
public final class FoundProviders {

    /** The transport SPI's interface name. */
    public static final String TRANSPORT_OPS = "dev.strand.api.transport.TransportOps";
    /** The protocol SPI's interface name. */
    public static final String PROTOCOL_OPS = "dev.strand.api.protocol.ProtocolOps";

    private FoundProviders() {
    }

    /** {@code loopback (mem:)}, ... sorted by name; empty if there are none. */
    public static List<String> transports(BundleContext context) {
        List<String> found = new ArrayList<>();
        forEachService(context, TRANSPORT_OPS, t -> {
            StringBuilder s = new StringBuilder(String.valueOf(call(t, TRANSPORT_OPS, "name"))).append(" (");
            String sep = "";
            for (Object scheme : new TreeSet<>((Collection<?>) call(t, TRANSPORT_OPS, "schemes"))) {
                s.append(sep).append(scheme).append(':');
                sep = " ";
            }
            found.add(s.append(')').toString());
        });
        found.sort(null);
        return found;
    }

    /** Protocol names, sorted; empty if there are none. */
    public static List<String> protocols(BundleContext context) {
        List<String> found = new ArrayList<>();
        forEachService(context, PROTOCOL_OPS, p -> found.add(String.valueOf(call(p, PROTOCOL_OPS, "name"))));
        found.sort(null);
        return found;
    }

    /**
     * Calls {@code use} with each service registered under {@code interfaceName}, from any class
     * space, while holding it.
     */
    public static void forEachService(BundleContext context, String interfaceName, Consumer<Object> use) {
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(interfaceName, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs == null) {
            return;
        }
        for (ServiceReference<?> ref : refs) {
            Object service = context.getService(ref);
            if (service != null) {
                try {
                    use.accept(service);
                } finally {
                    context.ungetService(ref);
                }
            }
        }
    }

    /**
     * Calls a no-argument method of {@code interfaceName} on {@code target}.
     *
     * @throws IllegalStateException if {@code target} does not implement it or the call fails
     */
    public static Object call(Object target, String interfaceName, String method) {
        try {
            return interfaceMethod(target.getClass(), interfaceName, method).invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(interfaceName + "." + method + "() failed on " + target, e);
        }
    }

    private static Method interfaceMethod(Class<?> type, String interfaceName, String method)
            throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(interfaceName)) {
                    return i.getMethod(method);
                }
            }
        }
        throw new NoSuchMethodException(type.getName() + " does not implement " + interfaceName);
    }

    /** {@code a, b} or {@link ContainerOutput#NONE}. */
    public static String join(List<String> items) {
        return items.isEmpty() ? ContainerOutput.NONE : String.join(", ", items);
    }
}
