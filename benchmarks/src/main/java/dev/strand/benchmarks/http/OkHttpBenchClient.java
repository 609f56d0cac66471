package dev.strand.benchmarks.http;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/** OkHttp 5 with its dispatcher opened up to the workload's concurrency (its default caps 5 calls per host). */
final class OkHttpBenchClient implements BenchClient {

    private final OkHttpClient client;

    OkHttpBenchClient(Workload w, Trust trust) {
        Dispatcher d = new Dispatcher();
        d.setMaxRequests(Math.max(64, w.inFlight()));
        d.setMaxRequestsPerHost(Math.max(5, w.inFlight()));
        client = new OkHttpClient.Builder()
                .dispatcher(d)
                .connectionPool(new ConnectionPool(w.connections(), 5, TimeUnit.MINUTES))
                .protocols(w.h2() ? List.of(Protocol.HTTP_2, Protocol.HTTP_1_1) : List.of(Protocol.HTTP_1_1))
                .sslSocketFactory(trust.sslContext.getSocketFactory(), trust.trustManager)
                .build();
    }

    @Override
    public CompletableFuture<Integer> get(URI uri) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        client.newCall(new Request.Builder().url(uri.toString()).build()).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                f.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    if (response.code() != 200) {
                        throw new IOException("status " + response.code());
                    }
                    f.complete(response.body().bytes().length);
                } catch (IOException | RuntimeException e) {
                    f.completeExceptionally(e);
                }
            }
        });
        return f;
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
