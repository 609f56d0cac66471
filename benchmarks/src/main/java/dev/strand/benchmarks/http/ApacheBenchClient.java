package dev.strand.benchmarks.http;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;

/**
 * Apache HttpClient 5's async client: a pooled HTTP/1.1 client, or its HTTP/2 client
 * ({@code HttpAsyncClients.customHttp2()}, one multiplexed connection per route) over TLS.
 */
final class ApacheBenchClient implements BenchClient {

    private final CloseableHttpAsyncClient client;

    ApacheBenchClient(Workload w, Trust trust) {
        TlsStrategy tls = ClientTlsStrategyBuilder.create().setSslContext(trust.sslContext).buildAsync();
        if (w.h2()) {
            client = HttpAsyncClients.customHttp2().setTlsStrategy(tls).build();
        } else {
            client = HttpAsyncClients.custom()
                    .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                            .setMaxConnPerRoute(w.connections()).setMaxConnTotal(w.connections()).setTlsStrategy(tls).build())
                    .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                    .build();
        }
        client.start();
    }

    @Override
    public CompletableFuture<Integer> get(URI uri) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        SimpleHttpRequest request = SimpleRequestBuilder.get(uri).build();
        client.execute(request, new FutureCallback<SimpleHttpResponse>() {
            @Override
            public void completed(SimpleHttpResponse r) {
                if (r.getCode() != 200) {
                    f.completeExceptionally(new IllegalStateException("status " + r.getCode()));
                } else {
                    f.complete(r.getBodyBytes() == null ? 0 : r.getBodyBytes().length);
                }
            }

            @Override
            public void failed(Exception e) {
                f.completeExceptionally(e);
            }

            @Override
            public void cancelled() {
                f.cancel(false);
            }
        });
        return f;
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
