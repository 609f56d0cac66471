package dev.strand.benchmarks.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** The JDK's {@code java.net.http.HttpClient}: HTTP/1.1 pooled connections, or HTTP/2 over TLS on one connection. */
final class JdkClient implements BenchClient {

    private final HttpClient client;

    JdkClient(Workload w, Trust trust) {
        client = HttpClient.newBuilder().version(w.h2() ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .sslContext(trust.sslContext).build();
    }

    @Override
    public CompletableFuture<Integer> get(URI uri) {
        return client.sendAsync(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> {
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("status " + r.statusCode());
                    }
                    return r.body().length;
                });
    }

    @Override
    public void close() {
        // JDK 17's client has no close(); its threads are daemons and its connections idle out
    }
}
