package dev.strand.protocol.ws;

import dev.strand.api.Loop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs test code on a WebSocket's loop and waits for it. */
final class OnLoop {

    private OnLoop() {
    }

    static <T> T call(Loop loop, Supplier<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(work.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(Recorder.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    static void run(Loop loop, Runnable work) throws Exception {
        call(loop, () -> {
            work.run();
            return null;
        });
    }
}
