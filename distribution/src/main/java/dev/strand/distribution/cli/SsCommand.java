package dev.strand.distribution.cli;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.TransportOps;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.registry.NoSuchTransportException;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.retry.RetryPolicy;
import dev.strand.core.net.sss.SsProxyClient;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code strand ss STREAMTYPE [--proxy ENDPOINT] [--connect] [--timeout-ms N] [--metadata name=value]...}:
 * one secure stream through an SS proxy, the Java counterpart of lws's minimal SSPC client. Each
 * read of stdin (at most one TX frame, 4061 bytes on a socket) is one message (SOM|EOM); rx goes to
 * stdout as it comes; every state goes to stderr with its lws number. The onward connection is
 * asked for with the first stdin data, or at once with {@code --connect}. Once stdin has ended and
 * everything is sent, the stream arms its timeout ({@code --timeout-ms}, default 1000; 0 uses the
 * policy's) and ends on TIMEOUT with status 0; an HTTP streamtype ends with its transaction instead
 * (status 0 after QOS_ACK_REMOTE, the timeout being cancelled with the transaction). Status 1: the
 * proxy refused the streamtype, could not be reached within {@value #REACH_ATTEMPTS} attempts a
 * second apart, reported ALL_RETRIES_FAILED, or the transaction ended in QOS_NACK_REMOTE; 2: usage.
 */
final class SsCommand implements Subcommand {

    static final int REACH_ATTEMPTS = 5;

    @Override
    public String name() {
        return "ss";
    }

    @Override
    public String arguments() {
        return "STREAMTYPE [--proxy ENDPOINT] [--connect] [--timeout-ms N] [--metadata name=value]...";
    }

    @Override
    public String summary() {
        return "one secure stream through an SS proxy (default @proxy.ss.lws): stdin to tx, rx to stdout, states to stderr";
    }

    @Override
    public RunsIn runsIn() {
        return RunsIn.MODULE_PATH;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws UsageException, InterruptedException {
        if (args.isEmpty() || args.get(0).startsWith("--")) {
            throw new UsageException("needs a STREAMTYPE first, e.g. strand ss echo");
        }
        String streamType = args.get(0);
        Endpoint proxy = Endpoint.parse("@proxy.ss.lws");
        boolean connect = false;
        int timeoutMs = 1000;
        Map<String, byte[]> metadata = new LinkedHashMap<>();
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--proxy" -> {
                    try {
                        proxy = Endpoint.parse(value(args, ++i, a));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--connect" -> connect = true;
                case "--timeout-ms" -> {
                    try {
                        timeoutMs = Integer.parseInt(value(args, ++i, a));
                    } catch (NumberFormatException e) {
                        throw new UsageException("--timeout-ms takes a whole number of milliseconds");
                    }
                    if (timeoutMs < 0) {
                        throw new UsageException("--timeout-ms must not be negative");
                    }
                }
                case "--metadata" -> {
                    String nv = value(args, ++i, a);
                    int eq = nv.indexOf('=');
                    if (eq <= 0) {
                        throw new UsageException("--metadata takes name=value, not '" + nv + "'");
                    }
                    metadata.put(nv.substring(0, eq), nv.substring(eq + 1).getBytes(StandardCharsets.UTF_8));
                }
                default -> throw new UsageException("unknown argument '" + a + "'");
            }
        }
        TransportOps transport;
        try {
            transport = Providers.shared().transportFor(proxy);
        } catch (NoSuchTransportException e) {
            context.err().println("strand ss: " + e.getMessage());
            return 1;
        }
        SsProxyClient client = SsProxyClient.builder(transport, proxy)
                .linkRetry(new RetryPolicy("strand-ss", List.of(1000L), REACH_ATTEMPTS - 1, 1, 0, 0)).build();
        try (EventLoop loop = new EventLoop("strand-ss")) {
            SsSession session = new SsSession(streamType, proxy, connect, timeoutMs, metadata, context);
            return session.run(client, loop);
        } finally {
            client.close();
        }
    }

    private static String value(List<String> args, int i, String flag) throws UsageException {
        if (i >= args.size()) {
            throw new UsageException(flag + " needs a value");
        }
        return args.get(i);
    }
}
