package dev.strand.protocol.h2;

import dev.strand.api.Endpoint;
import dev.strand.core.net.engine.ExchangeOptions;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.registry.Providers;
import dev.strand.http.HttpClient;
import dev.strand.http.HttpRequest;
import dev.strand.http.HttpResponse;
import dev.strand.http.RequestBody;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** h2c clients for tests: every origin routed to a fault server over the loopback transport. */
final class H2Clients {

    static final long WAIT_SECONDS = 20;

    private H2Clients() {
    }

    static Providers providers(H2Settings settings) {
        Providers p = Providers.empty();
        p.addTransport(new LoopbackTransport());
        p.addProtocol(new H2Protocol(settings));
        return p;
    }

    static HttpClient.Builder to(H2FaultServer server, H2Settings settings) {
        return HttpClient.newBuilder()
                .providers(providers(settings))
                .h2PriorKnowledge(true)
                .timeouts(ExchangeOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(5)))
                .endpointResolver((scheme, host, port) -> Endpoint.parse("mem:" + server.name));
    }

    static HttpClient to(H2FaultServer server) {
        return to(server, H2Settings.DEFAULT).build();
    }

    static HttpRequest get(String path) {
        return HttpRequest.get("http://origin.test" + path);
    }

    static HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://origin.test" + path)).POST(RequestBody.ofString(body)).build();
    }

    static HttpResponse await(CompletableFuture<HttpResponse> f) throws Exception {
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The failure of a future that must fail. */
    static Throwable failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got " + f.join());
    }
}
