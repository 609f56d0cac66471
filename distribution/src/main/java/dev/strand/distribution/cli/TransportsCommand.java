package dev.strand.distribution.cli;

import dev.strand.api.protocol.ProtocolOps;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.registry.Providers;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** {@code strand transports}: the transports and protocols found on the module path. */
final class TransportsCommand implements Subcommand {

    @Override
    public String name() {
        return "transports";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "list the transports and protocols on the module path";
    }

    @Override
    public RunsIn runsIn() {
        return RunsIn.MODULE_PATH;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws UsageException {
        if (!args.isEmpty()) {
            throw new UsageException("takes no arguments");
        }
        Providers providers = Providers.shared();
        PrintStream out = context.out();
        List<TransportOps> transports = providers.transports().stream()
                .sorted(Comparator.comparing(TransportOps::name)).toList();
        out.println("transports (" + transports.size() + "):");
        for (TransportOps t : transports) {
            StringBuilder schemes = new StringBuilder();
            for (String s : new TreeSet<>(t.schemes())) {
                schemes.append(schemes.length() == 0 ? "" : " ").append(s).append(':');
            }
            out.printf("  %-12s %-16s from %s%n", t.name(), schemes, origin(t));
        }
        List<ProtocolOps> protocols = providers.protocols().stream()
                .sorted(Comparator.comparing(ProtocolOps::name)).toList();
        out.println("protocols (" + protocols.size() + "):" + (protocols.isEmpty() ? " none yet" : ""));
        for (ProtocolOps p : protocols) {
            out.printf("  %-12s %-16s from %s%n", p.name(), String.join(",", p.alpnIds()), origin(p));
        }
        return 0;
    }

    private static String origin(Object provider) {
        Module m = provider.getClass().getModule();
        return m.isNamed() ? m.getName() : "the class path";
    }
}
