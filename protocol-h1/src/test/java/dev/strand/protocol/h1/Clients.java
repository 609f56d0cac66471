package dev.strand.protocol.h1;

import dev.strand.api.Endpoint;
import dev.strand.core.net.loopback.LoopbackTransport;
import dev.strand.core.net.registry.Providers;
import dev.strand.http.HttpClient;
import dev.strand.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** HTTP clients for tests: h1 over the loopback transport, every origin routed to one {@code mem:} name. */
final class Clients {

    static final long WAIT_SECONDS = 20;

    private Clients() {
    }

    static Providers providers() {
        Providers p = Providers.empty();
        p.addTransport(new LoopbackTransport());
        p.addProtocol(new H1Protocol());
        return p;
    }

    static HttpClient.Builder to(String memName) {
        return HttpClient.newBuilder()
                .providers(providers())
                .endpointResolver((scheme, host, port) -> Endpoint.parse("mem:" + memName));
    }

    static HttpClient to(FaultServer server) {
        return to(server.name).build();
    }

    static HttpResponse await(CompletableFuture<HttpResponse> f) throws InterruptedException, ExecutionException, TimeoutException {
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The failure of a future that must fail. */
    static Throwable failureOf(CompletableFuture<?> f) throws InterruptedException, TimeoutException {
        try {
            f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got " + f.join());
    }
}
