package dev.strand.distribution.cli;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.registry.NoSuchTransportException;
import dev.strand.core.net.registry.Providers;
import java.util.List;

/**
 * {@code strand link ENDPOINT}: netcat over any transport. Stdin goes to the link, the link to
 * stdout; it exits when stdin has ended and the link has closed (or as soon as the link closes).
 */
final class LinkCommand implements Subcommand {

    @Override
    public String name() {
        return "link";
    }

    @Override
    public String arguments() {
        return "ENDPOINT";
    }

    @Override
    public String summary() {
        return "copy stdin to a link and the link to stdout (netcat over any transport, e.g. 'exec:cat')";
    }

    @Override
    public RunsIn runsIn() {
        return RunsIn.MODULE_PATH;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws UsageException, InterruptedException {
        if (args.size() != 1) {
            throw new UsageException("takes one ENDPOINT, e.g. strand link 'exec:cat'");
        }
        Endpoint endpoint;
        try {
            endpoint = Endpoint.parse(args.get(0));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        TransportOps transport;
        try {
            transport = Providers.shared().transportFor(endpoint);
        } catch (NoSuchTransportException e) {
            context.err().println("strand link: " + e.getMessage());
            return 1;
        }
        try (EventLoop loop = new EventLoop("strand-link")) {
            StdioBridge bridge = new StdioBridge(context.in(), context.out());
            transport.connect(endpoint, ConnectOptions.DEFAULT, loop, bridge);
            Throwable failure = bridge.awaitEnd();
            if (failure != null) {
                context.err().println("strand link: " + endpoint + ": " + failure.getMessage());
                return 1;
            }
            return 0;
        }
    }
}
