package dev.strand.distribution.cli;

import dev.strand.api.Endpoint;
import dev.strand.core.net.loop.EventLoop;
import dev.strand.core.net.registry.NoSuchTransportException;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.core.net.sss.SssWire;
import dev.strand.sspc.app.SspcMain;
import dev.strand.sspc.app.StdioStream;
import dev.strand.sspc.app.StreamArgs;
import java.util.List;

/**
 * {@code strand ss STREAMTYPE [--proxy ENDPOINT] [--connect] [--timeout-ms N] [--metadata name=value]... [--stats]}:
 * one secure stream through an SS proxy (default {@code @proxy.ss.lws}), as {@link StdioStream}
 * describes: the same stream the SSPC-only launcher runs, here with every transport of the
 * distribution. A serial endpoint ({@code uart:/dev/ttyUSB1?baud=115200}) or {@code mux+tcp:host:port}
 * reaches the proxy over the transport mux. The proxy is tried {@value SspcMain#REACH_ATTEMPTS}
 * times, a second apart. Status 0 on the stream's TIMEOUT after stdin ended, 1 on failure, 2 on
 * a usage error.
 */
final class SsCommand implements Subcommand {

    private static final Endpoint DEFAULT_PROXY = Endpoint.parse(SssWire.DEFAULT_PROXY_ADDRESS);

    @Override
    public String name() {
        return "ss";
    }

    @Override
    public String arguments() {
        return StreamArgs.USAGE;
    }

    @Override
    public String summary() {
        return "one secure stream through an SS proxy (default " + SssWire.DEFAULT_PROXY_ADDRESS + "; uart:DEVICE and mux+tcp:HOST:PORT"
                + " over the transport mux): stdin to tx, rx to stdout, states to stderr";
    }

    @Override
    public RunsIn runsIn() {
        return RunsIn.MODULE_PATH;
    }

    @Override
    public int run(List<String> args, CommandContext context) throws UsageException, InterruptedException {
        StreamArgs parsed;
        try {
            parsed = StreamArgs.parse(args, DEFAULT_PROXY);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        SsProxyClient client;
        try {
            client = SsProxyClient.builder(parsed.proxy()).linkRetry(SspcMain.reachRetry()).build();
        } catch (NoSuchTransportException e) {
            context.err().println("strand ss: " + e.getMessage());
            return 1;
        }
        try (EventLoop loop = new EventLoop("strand-ss")) {
            StdioStream stream = new StdioStream(parsed, "strand ss", SspcMain.REACH_ATTEMPTS, context.in(),
                    context.out(), context.err());
            return stream.run(client, loop);
        } finally {
            client.close();
        }
    }
}
