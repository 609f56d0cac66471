package dev.strand.http;

import dev.strand.core.net.engine.ConnectionInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** Collects a response in memory and completes a future with it. Confined to the client's loop. */
final class CollectingHandler implements ResponseHandler {

    final CompletableFuture<HttpResponse> future = new CompletableFuture<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private ResponseHead head;
    private ConnectionInfo connection;
    private HttpHeaders trailers = HttpHeaders.EMPTY;

    @Override
    public void onHead(ResponseHead h, ConnectionInfo c) {
        head = h;
        connection = c;
    }

    @Override
    public void onBody(ByteBuffer chunk) {
        if (chunk.hasArray()) {
            body.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
            chunk.position(chunk.limit());
        } else {
            byte[] copy = new byte[chunk.remaining()];
            chunk.get(copy);
            body.writeBytes(copy);
        }
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
        future.complete(new HttpResponse(head, body.toByteArray(), trailers, connection));
    }

    @Override
    public void onError(Throwable cause) {
        future.completeExceptionally(cause);
    }
}
