package dev.strand.distribution.container;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code strand proxy [--policy FILE] [--listen ENDPOINT]...}: the flags become the framework
 * properties the secure-streams bundle reads ({@code strand.proxy.*}, documented in
 * {@code conf/strand.properties}); they override the file. {@code strand.proxy.required} makes a
 * proxy that cannot start fail its bundle, so that the container reports it and exits.
 */
public final class ProxyFlags {

    /** The subcommand that runs the container as a proxy. */
    public static final String COMMAND = "proxy";
    /** Usage, for errors. */
    public static final String USAGE = "strand proxy [--policy FILE] [--listen ENDPOINT]...";

    private ProxyFlags() {
    }

    /**
     * The properties {@code args} (after {@code proxy}) ask for.
     *
     * @throws IllegalArgumentException naming the flag that is wrong
     */
    public static Map<String, String> properties(List<String> args) {
        Map<String, String> p = new LinkedHashMap<>();
        List<String> listen = new ArrayList<>();
        p.put("strand.proxy.enabled", "true");
        p.put("strand.proxy.required", "true");
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--policy" -> p.put("strand.proxy.policy", Path.of(value(args, ++i, a)).toAbsolutePath().toString());
                case "--listen" -> listen.add(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'; usage: " + USAGE);
            }
        }
        if (!listen.isEmpty()) {
            for (String l : listen) {
                if (l.contains(",")) {
                    throw new IllegalArgumentException("--listen takes one endpoint; repeat the flag for more, not '" + l + "'");
                }
            }
            p.put("strand.proxy.listen", String.join(",", listen));
        }
        return p;
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value; usage: " + USAGE);
        }
        return args.get(i);
    }
}
