package dev.strand.distribution.cli;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.StreamOptions;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.secure.streams.policy.DefaultPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code strand demo echo}: the SS proxy end to end with the smallest parts. It starts a TCP echo
 * origin on the default policy's {@code echo} port (127.0.0.1:17777), the SS proxy in the
 * container (a child process) on a private abstract socket, and a client stream of streamtype
 * {@code echo} through them; it prints the states, the bytes sent and echoed and the timings,
 * then stops everything cleanly. Needs no network beyond loopback.
 */
final class EchoDemo {

    private static final long STREAM_TIMEOUT_S = 15;
    private static final List<String> MESSAGES = List.of(
            "Hello from Strand's demo client.\n",
            "This line went client -> proxy -> origin and back.\n",
            "The proxy chose the origin from its policy: streamtype 'echo'.\n");

    private EchoDemo() {
    }

    static int run(Path home, PrintStream out, PrintStream err) throws Exception {
        Endpoint originAt = Endpoint.parse("tcp:127.0.0.1:" + DefaultPolicy.ECHO_PORT);
        DemoOrigin origin;
        try {
            origin = new DemoOrigin(originAt);
        } catch (IOException e) {
            err.println("strand demo echo: cannot run the echo origin on " + originAt + " (" + e.getMessage()
                    + "); is another demo running?");
            return 1;
        }
        try (origin) {
            return demo(home, origin, out, err);
        }
    }

    private static int demo(Path home, DemoOrigin origin, PrintStream out, PrintStream err) throws Exception {
        Endpoint proxyAt = Endpoint.parse("@strand-demo-" + ProcessHandle.current().pid());
        List<String> proxyArgs = List.of("--listen", proxyAt.toString());
        out.println("Strand demo: an SS proxy, a local origin, and a client stream through them.");
        out.println();
        out.println("[1/5] The origin: a TCP echo server on " + origin.endpoint() + ", where the default policy");
        out.println("      sends streamtype 'echo' (raw TCP). It runs in this process.");
        out.println();
        try (ProxyChild proxy = ProxyChild.start(home, proxyArgs)) {
            out.println("[2/5] The SS proxy: " + ProxyChild.commandLine(home, proxyArgs));
            out.println("      (the container in a child process; its output is indented; bundle cache "
                    + proxy.cache() + ")");
            if (!proxy.awaitReady(out)) {
                err.println("strand demo echo: the proxy did not come up within " + ProxyChild.START_TIMEOUT_S
                        + " s; its output is above");
                return 1;
            }
            out.println("      The proxy is up after " + proxy.millisSinceStart() + " ms, listening on " + proxyAt + ".");
            out.println();
            int status = stream(proxyAt, origin, out, err);
            out.println();
            out.println("[5/5] Stopping the proxy (SIGTERM, as Ctrl-C or a service manager would)");
            if (!proxy.stop(out)) {
                err.println("strand demo echo: the proxy did not stop cleanly; its output is above");
                return 1;
            }
            if (status != 0) {
                return status;
            }
            out.println();
            out.println("Done: the client's bytes went through the proxy to the origin and back, unchanged.");
            out.println("Next: run '" + home.resolve("bin/strand") + " proxy' and, in another terminal,");
            out.println("'echo hello | " + home.resolve("bin/strand") + " ss echo' (see README.md).");
            return 0;
        }
    }

    private static int stream(Endpoint proxyAt, DemoOrigin origin, PrintStream out, PrintStream err) throws Exception {
        out.println("[3/5] A client stream of streamtype 'echo' through the proxy (SsProxyClient, " + proxyAt + "):");
        SsProxyClient client = SsProxyClient.builder(proxyAt).build();
        DemoClient app = new DemoClient(MESSAGES, out);
        try (EventLoop loop = new EventLoop("strand-demo-client")) {
            loop.execute(() -> client.create(StreamOptions.of(DefaultPolicy.ECHO, app), loop));
            if (!app.allEchoed.await(STREAM_TIMEOUT_S, TimeUnit.SECONDS)) {
                err.println("strand demo echo: the echo did not come back within " + STREAM_TIMEOUT_S + " s (last state "
                        + app.last + ")");
                client.close();
                return 1;
            }
            out.println();
            out.println("[4/5] " + app.expectedBytes() + " bytes sent, " + origin.echoed.get() + " bytes echoed by the origin, "
                    + (app.echoMatches() ? "all back byte for byte" : "BUT THE ECHO DIFFERS") + "; round trip "
                    + (app.echoedNanos - app.firstSentNanos) / 1_000 + " µs. Closing the stream:");
            loop.execute(() -> app.stream.close());
            app.destroyed.await(STREAM_TIMEOUT_S, TimeUnit.SECONDS);
            client.close();
            return app.echoMatches() ? 0 : 1;
        }
    }
}
