package dev.strand.protocol.h1;

import static dev.strand.protocol.h1.Clients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.http.HttpClient;
import dev.strand.http.HttpRequest;
import dev.strand.http.HttpResponse;
import dev.strand.http.RequestBody;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Opt-in true pipelining (beyond lws): idempotent requests written back to back once the server
 * has shown it keeps connections alive; non-idempotent ones keep lws's one-at-a-time rule.
 */
class H1PipeliningTest {

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        closeables.add(c);
        return c;
    }

    private static HttpRequest get(String path) {
        return HttpRequest.get("http://origin.test" + path);
    }

    private static int indexFrom(List<String> list, String item, int from) {
        for (int i = Math.max(0, from); i < list.size(); i++) {
            if (list.get(i).equals(item)) {
                return i;
            }
        }
        return -1;
    }

    /** Answers the first request on a connection at once, then holds answers until {@code batch} requests are in. */
    private static FaultServer.Script answerInBatchesOf(int batch) {
        List<FaultServer.Request> held = new ArrayList<>();
        return (r, c) -> {
            if (r.index() == 1) {
                c.send(FaultServer.ok(r.target()));
                return;
            }
            held.add(r);
            if (held.size() == batch) {
                held.forEach(h -> c.send(FaultServer.ok(h.target())));
                held.clear();
            }
        };
    }

    @Test
    void pipelinedRequestsAreAllWrittenBeforeTheFirstResponseArrives() throws Exception {
        FaultServer server = keep(new FaultServer(answerInBatchesOf(4)));
        HttpClient client = keep(Clients.to(server.name).pipelining(4).build());
        await(client.send(get("/warm")));

        List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            fs.add(client.send(get("/p" + i)));
        }
        for (int i = 1; i <= 4; i++) {
            HttpResponse r = await(fs.get(i - 1));
            assertEquals("/p" + i, r.bodyText(), "responses are matched to requests in order");
            assertEquals(1, r.connection().id());
        }
        List<String> events = List.copyOf(server.events);
        int lastRequest = events.lastIndexOf("c1 request GET /p4");
        int firstAnswer = indexFrom(events, "c1 sent HTTP/1.1 200 X", events.indexOf("c1 request GET /p1"));
        assertTrue(lastRequest < firstAnswer, "all four requests were on the wire before any answer: " + events);
    }

    @Test
    void withoutPipeliningEachRequestWaitsForThePreviousResponse() throws Exception {
        FaultServer server = keep(new FaultServer(FaultServer.echo()));
        HttpClient client = keep(Clients.to(server));
        List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fs.add(client.send(get("/s" + i)));
        }
        for (CompletableFuture<HttpResponse> f : fs) {
            await(f);
        }
        List<String> events = server.events.stream().filter(e -> !e.endsWith("open")).toList();
        for (int i = 0; i < 5; i++) {
            assertEquals("c1 request GET /s" + i, events.get(2 * i));
            assertTrue(events.get(2 * i + 1).startsWith("c1 sent"), events.toString());
        }
    }

    @Test
    void aPostIsNeverPipelinedAndNothingIsPipelinedBehindIt() throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> c.sendLater(FaultServer.ok(r.target()), 30)));
        HttpClient client = keep(Clients.to(server.name).pipelining(4).build());
        await(client.send(get("/warm")));

        var a = client.send(get("/a"));
        var b = client.send(get("/b"));
        var c = client.send(HttpRequest.newBuilder(URI.create("http://origin.test/c")).POST(RequestBody.ofString("c")).build());
        var d = client.send(get("/d"));
        for (var f : List.of(a, b, c, d)) {
            await(f);
        }
        List<String> ev = List.copyOf(server.events);
        int postArrived = ev.indexOf("c1 request POST /c");
        int dArrived = ev.indexOf("c1 request GET /d");
        assertTrue(ev.indexOf("c1 request GET /b") < indexFrom(ev, "c1 sent HTTP/1.1 200 X", ev.indexOf("c1 request GET /a")),
                "a and b were pipelined: " + ev);
        assertEquals(3, ev.subList(0, postArrived).stream().filter(e -> e.startsWith("c1 sent")).count(),
                "the POST went out only after warm, a and b were answered: " + ev);
        assertEquals(4, ev.subList(0, dArrived).stream().filter(e -> e.startsWith("c1 sent")).count(),
                "d waited behind the POST: " + ev);
    }

    @Test
    void pipelinedRequestsBehindAResponseThatClosesAreReplayedAsNotProcessed() throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> {
            if (r.connection() == 1 && r.index() == 2) {
                c.send("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n" + "ok");
                c.close();
            } else {
                c.send(FaultServer.ok(r.target()));
            }
        }));
        HttpClient client = keep(Clients.to(server.name).pipelining(8).build());
        await(client.send(get("/warm")));
        List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            fs.add(client.send(get("/x" + i)));
        }
        assertEquals("ok", await(fs.get(0)).bodyText());
        for (int i = 1; i < 6; i++) {
            assertEquals("/x" + i, await(fs.get(i)).bodyText());
        }
        assertEquals(2, server.connections.get());
    }

    @Test
    void anHttp10ServerIsNeverPipelined() throws Exception {
        FaultServer server = keep(new FaultServer((r, c) -> {
            c.send("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nz");
            c.close();
        }));
        HttpClient client = keep(Clients.to(server.name).pipelining(8).build());
        List<CompletableFuture<HttpResponse>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fs.add(client.send(get("/z" + i)));
        }
        for (var f : fs) {
            assertEquals("z", await(f).bodyText());
        }
        assertEquals(4, server.connections.get());
        assertEquals(0, client.stats().exchangesRedispatched());
    }
}
