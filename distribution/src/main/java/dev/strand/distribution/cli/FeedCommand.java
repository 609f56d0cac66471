package dev.strand.distribution.cli;

import dev.strand.examples.binance.BinancePolicies;
import dev.strand.examples.binance.feed.FeedCertificates;
import dev.strand.examples.binance.feed.LocalFeed;
import dev.strand.examples.binance.feed.FeedScript;
import dev.strand.secure.streams.policy.DefaultPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code strand feed [--port N] [--rate N] [--policy-out FILE]}: the binance demo's local feed on
 * its own, until Ctrl-C: a CA made at start, the wss feed on 127.0.0.1 (port
 * {@value DefaultPolicy#FEED_PORT} by default), and a policy for a proxy that trusts that CA
 * written to {@code FILE} (default: {@value #DEFAULT_POLICY_NAME} in a temporary folder, printed).
 * With it a proxy and a client can be run by hand: {@code strand proxy --policy FILE} and
 * {@code strand binance}.
 */
final class FeedCommand implements Subcommand {

    static final String DEFAULT_POLICY_NAME = "binance-local-feed-policy.json";

    @Override
    public String name() {
        return "feed";
    }

    @Override
    public String arguments() {
        return "[--port N] [--rate N] [--policy-out FILE]";
    }

    @Override
    public String summary() {
        return "run the local binance-like wss feed until Ctrl-C and write a proxy policy that trusts it";
    }

    @Override
    public RunsIn runsIn() {
        return RunsIn.MODULE_PATH;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        int port = DefaultPolicy.FEED_PORT;
        int rate = BinanceDemo.DEFAULT_RATE;
        Path policy = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--port" -> port = Flags.positive(args, ++i, a, 65535);
                case "--rate" -> rate = Flags.positive(args, ++i, a, 1000);
                case "--policy-out" -> policy = Path.of(Flags.value(args, ++i, a)).toAbsolutePath();
                default -> throw new UsageException("unknown argument '" + a + "'");
            }
        }
        Path temp = null;
        if (policy == null) {
            temp = Files.createTempDirectory("strand-feed");
            policy = temp.resolve(DEFAULT_POLICY_NAME);
        }
        FeedCertificates certs = FeedCertificates.generate("127.0.0.1");
        LocalFeed feed = LocalFeed.start(new LocalFeed.Options("127.0.0.1", port, rate, new FeedScript(rate, 5)), certs);
        Path folder = temp;
        Thread stop = new Thread(() -> {
            feed.close();
            try {
                if (folder != null) {
                    ProxyChild.deleteTree(folder);
                }
            } catch (java.io.IOException e) {
                context.err().println("feed: could not delete " + folder + ": " + e.getMessage());
            }
        }, "strand-feed-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        Files.writeString(policy, BinancePolicies.localFeed("127.0.0.1", feed.port(), certs.caDerBase64()));
        context.out().println("feed: wss://127.0.0.1:" + feed.port() + LocalFeed.PATH + ", " + rate
                + " depth updates a second, certificate from a CA made just now");
        context.out().println("feed: a policy for the proxy that trusts it: " + policy);
        context.out().println("feed: e.g. 'strand proxy --policy " + policy + "' and 'strand binance'; Ctrl-C stops");
        context.out().flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
