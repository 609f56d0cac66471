package dev.strand.benchmarks.http;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Jetty 12's HttpClient: HTTP/1.1 transport, or its HTTP/2 transport over TLS (one multiplexed connection). */
final class JettyBenchClient implements BenchClient {

    private final HttpClient client;

    JettyBenchClient(Workload w, Trust trust) throws Exception {
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        ssl.setTrustStore(trust.trustStore);
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(ssl);
        client = w.h2() ? new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client(connector)))
                : new HttpClient(new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector));
        client.setMaxConnectionsPerDestination(w.connections());
        client.setMaxRequestsQueuedPerDestination(Math.max(1024, w.inFlight() * 2));
        client.start();
    }

    @Override
    public CompletableFuture<Integer> get(URI uri) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        client.newRequest(uri).send(new BufferingResponseListener(16 << 20) {
            @Override
            public void onComplete(org.eclipse.jetty.client.Result result) {
                if (result.isFailed()) {
                    f.completeExceptionally(result.getFailure());
                } else if (result.getResponse().getStatus() != 200) {
                    f.completeExceptionally(new IllegalStateException("status " + result.getResponse().getStatus()));
                } else {
                    f.complete(getContent().length);
                }
            }
        });
        return f;
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
