package dev.strand.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    /** Subscribes and asks for one buffer at a time, as a protocol does. */
    static final class Drain implements Flow.Subscriber<ByteBuffer> {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> sizes = new ArrayList<>();
        Flow.Subscription subscription;
        boolean complete;
        Throwable error;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(ByteBuffer item) {
            sizes.add(item.remaining());
            byte[] b = new byte[item.remaining()];
            item.get(b);
            bytes.writeBytes(b);
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onComplete() {
            complete = true;
        }
    }

    @Test
    void aBodyInMemoryCanBeSentAgainAndAgain() {
        RequestBody body = RequestBody.ofChunks(List.of("ab".getBytes(), "cde".getBytes()));
        assertEquals(-1, body.contentLength());
        assertTrue(body.replayable());
        for (int i = 0; i < 3; i++) {
            Drain d = new Drain();
            body.subscribe(d);
            assertTrue(d.complete);
            assertEquals("abcde", d.bytes.toString());
            assertEquals(List.of(2, 3), d.sizes);
        }
    }

    @Test
    void anEmptyBodyCompletesAtOnce() {
        Drain d = new Drain();
        RequestBody.empty().subscribe(d);
        assertTrue(d.complete);
        assertEquals(0, RequestBody.empty().contentLength());
    }

    @Test
    void aStreamedBodyCanBeSentOnlyOnce() {
        RequestBody streamed = RequestBody.fromPublisher(RequestBody.ofString("once"), 4);
        assertFalse(streamed.replayable());
        Drain first = new Drain();
        streamed.subscribe(first);
        assertEquals("once", first.bytes.toString());
        Drain second = new Drain();
        streamed.subscribe(second);
        assertInstanceOf(IllegalStateException.class, second.error);
    }

    @Test
    void nothingIsPublishedBeforeItIsAskedFor() {
        List<String> got = new ArrayList<>();
        RequestBody.ofString("x").subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
            }

            @Override
            public void onNext(ByteBuffer item) {
                got.add("next");
            }

            @Override
            public void onError(Throwable t) {
                got.add("error");
            }

            @Override
            public void onComplete() {
                got.add("complete");
            }
        });
        assertTrue(got.isEmpty());
    }
}
