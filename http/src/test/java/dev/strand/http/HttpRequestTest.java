package dev.strand.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.SubmissionPublisher;
import org.junit.jupiter.api.Test;

class HttpRequestTest {

    private static HttpRequest.Builder to(String uri) {
        return HttpRequest.newBuilder(URI.create(uri));
    }

    @Test
    void idempotencyFollowsRfc9110MethodsAndBodyReplayability() {
        assertTrue(to("http://h/").GET().build().idempotent());
        assertTrue(to("http://h/").PUT(RequestBody.ofString("x")).build().idempotent());
        assertTrue(to("http://h/").DELETE().build().idempotent());
        assertFalse(to("http://h/").POST(RequestBody.ofString("x")).build().idempotent());
        assertFalse(to("http://h/").method("PATCH", RequestBody.empty()).build().idempotent());
        assertFalse(to("http://h/").method("PROPFIND", RequestBody.empty()).build().idempotent());
        try (SubmissionPublisher<ByteBuffer> p = new SubmissionPublisher<>()) {
            assertFalse(to("http://h/").PUT(RequestBody.fromPublisher(p, -1)).build().idempotent(),
                    "a PUT whose body cannot be sent again cannot be re-sent");
        }
    }

    @Test
    void originPortAndTargetComeFromTheUri() {
        HttpRequest r = to("HTTPS://Example.COM/a/b?c=d").build();
        assertEquals("https", r.scheme());
        assertEquals("example.com", r.host());
        assertEquals(443, r.port());
        assertEquals("/a/b?c=d", r.target());
        assertEquals("Example.COM", r.authority());
        assertEquals(8080, to("http://h:8080").build().port());
        assertEquals("/", to("http://h").build().target());
        assertEquals("::1", to("http://[::1]:81/").build().host());
    }

    @Test
    void onlyAbsoluteHttpUrisWithAHostAreRequests() {
        assertThrows(IllegalArgumentException.class, () -> to("ftp://h/"));
        assertThrows(IllegalArgumentException.class, () -> to("/relative"));
        assertThrows(IllegalArgumentException.class, () -> to("http:///nohost"));
    }

    @Test
    void withHeaderAddsAFieldAndKeepsEverythingElse() {
        HttpRequest r = to("http://h/").POST(RequestBody.ofString("b")).header("A", "1").build().withHeader("B", "2");
        assertEquals("POST", r.method());
        assertEquals(2, r.headers().size());
        assertEquals(1, r.body().contentLength());
    }
}
