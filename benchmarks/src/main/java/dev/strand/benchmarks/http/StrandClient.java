package dev.strand.benchmarks.http;

import dev.strand.core.net.engine.EngineConfig;
import dev.strand.core.net.registry.Providers;
import dev.strand.http.HttpClient;
import dev.strand.http.HttpRequest;
import dev.strand.protocol.h1.H1Protocol;
import dev.strand.protocol.h2.H2Protocol;
import dev.strand.transport.wsi.NettyLoopGroup;
import dev.strand.transport.wsi.WsiTransport;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Strand's {@link HttpClient} on one Netty event loop (sockets and engine share its thread), over
 * the wsi transport with h1 and h2. {@code pipeline} above 1 turns HTTP/1.1 pipelining on.
 */
final class StrandClient implements BenchClient {

    private final NettyLoopGroup loops = NettyLoopGroup.create("strand-bench", 1);
    private final HttpClient client;

    StrandClient(Workload w, Trust trust, int pipeline) {
        Providers p = Providers.empty();
        p.addTransport(new WsiTransport());
        p.addProtocol(new H1Protocol());
        p.addProtocol(new H2Protocol());
        client = HttpClient.newBuilder().providers(p).loop(loops.next())
                .engine(EngineConfig.DEFAULT.withMaxConnectionsPerKey(w.connections()))
                .pipelining(pipeline)
                .trustedCasPem(trust.caPem)
                .build();
    }

    @Override
    public CompletableFuture<Integer> get(URI uri) {
        return client.send(HttpRequest.newBuilder(uri).build()).thenApply(r -> {
            if (r.status() != 200) {
                throw new IllegalStateException("status " + r.status());
            }
            return r.body().length;
        });
    }

    @Override
    public void close() {
        client.close();
        loops.close();
    }
}
