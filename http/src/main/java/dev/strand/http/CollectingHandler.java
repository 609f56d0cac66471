package dev.strand.http;

import dev.strand.core.net.engine.ConnectionInfo;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Collects a response in memory and completes a future with it. The body is copied once, into an
 * array sized from the response's {@code Content-Length} when it declares one (up to
 * {@link #PRESIZE_LIMIT}; beyond that, and without one, the array grows as bytes arrive).
 * Confined to the client's loop.
 */
final class CollectingHandler implements ResponseHandler {

    /** The largest declared length an array is made for before its bytes arrive. */
    static final int PRESIZE_LIMIT = 256 * 1024;
    private static final byte[] NONE = new byte[0];

    final CompletableFuture<HttpResponse> future = new CompletableFuture<>();
    private byte[] body = NONE;
    private int size;
    private ResponseHead head;
    private ConnectionInfo connection;
    private HttpHeaders trailers = HttpHeaders.EMPTY;

    @Override
    public void onHead(ResponseHead h, ConnectionInfo c) {
        head = h;
        connection = c;
        long declared = declaredLength(h);
        if (declared > 0 && declared <= PRESIZE_LIMIT) {
            body = new byte[(int) declared];
        }
    }

    @Override
    public void onBody(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (body.length - size < n) {
            long needed = (long) size + n;
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("response body of more than " + needed + " bytes does not fit in memory");
            }
            body = Arrays.copyOf(body, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * body.length)));
        }
        chunk.get(body, size, n);
        size += n;
    }

    @Override
    public void onTrailers(HttpHeaders t) {
        trailers = t;
    }

    @Override
    public void onComplete() {
        if (head == null) {
            future.completeExceptionally(new IllegalStateException("exchange completed without a response head"));
            return;
        }
        future.complete(new HttpResponse(head, size == body.length ? body : Arrays.copyOf(body, size), trailers, connection));
    }

    @Override
    public void onError(Throwable cause) {
        future.completeExceptionally(cause);
    }

    private static long declaredLength(ResponseHead h) {
        String v = h.headers().first("Content-Length").orElse(null);
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
