package dev.strand.benchmarks.sss;

import dev.strand.api.Endpoint;
import dev.strand.api.ss.SecureStream;
import dev.strand.core.net.registry.Providers;
import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.transport.wsi.NettyLoopGroup;
import dev.strand.transport.wsi.WsiTransport;
import java.util.ArrayList;
import java.util.List;

/**
 * Idle streams carried as transport-mux channels: one SS proxy client (and so one mux link) per
 * {@code mux+unix:@...} endpoint, {@value #CHANNELS_PER_LINK} streams on each. Used by the load
 * tool's main thread; {@link #close()} ends every client and its mux link.
 */
final class MuxIdle implements AutoCloseable {

    /** Streams per mux link: under lws's limit of 253 open channels per link. */
    static final int CHANNELS_PER_LINK = 250;

    private final List<SsProxyClient> clients = new ArrayList<>();
    private final List<LoadRuns> runs = new ArrayList<>();

    MuxIdle(List<String> endpoints, NettyLoopGroup loops, String streamType) {
        Providers providers = Providers.empty();
        providers.addTransport(new WsiTransport());
        for (String e : endpoints) {
            SsProxyClient client = SsProxyClient.builder(Endpoint.parse(e), providers).build();
            clients.add(client);
            runs.add(new LoadRuns(client, loops, streamType));
        }
    }

    /** As many {@code mux+unix:@prefix-i} endpoints as {@code streams} need. */
    static List<String> endpoints(String prefix, int streams) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i * CHANNELS_PER_LINK < streams; i++) {
            out.add("mux+unix:@" + prefix + "-mux-" + i);
        }
        return out;
    }

    /** Opens {@code n} onward-connected idle streams, filling one mux link after another. */
    List<SecureStream> open(int n) throws InterruptedException {
        List<SecureStream> all = new ArrayList<>(n);
        for (int i = 0; all.size() < n; i++) {
            all.addAll(runs.get(i).idle(Math.min(CHANNELS_PER_LINK, n - all.size())));
        }
        return all;
    }

    @Override
    public void close() {
        clients.forEach(SsProxyClient::close);
    }
}
