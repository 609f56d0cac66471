package dev.strand.distribution.cli;

import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Joins a link to a pair of blocking streams, with backpressure both ways and without blocking
 * the link's loop.
 *
 * <p>A thread of its own reads {@code in} and hands each chunk to the loop; it reads the next
 * chunk only once the link took the previous one and was still writable (or said so later through
 * {@code onWritable}). Another thread writes what the link reads to {@code out}; above
 * {@link #OUTPUT_HIGH_WATER} unwritten bytes the link's reading is paused, and resumed below
 * {@link #OUTPUT_LOW_WATER}. End of {@code in} closes the link. Callbacks run on the link's loop;
 * {@link #awaitEnd} may be called from any thread.
 */
final class StdioBridge implements LinkHandler {

    static final int OUTPUT_HIGH_WATER = 256 * 1024;
    static final int OUTPUT_LOW_WATER = 64 * 1024;
    private static final int CHUNK = 16 * 1024;
    private static final byte[] END = new byte[0];

    private final InputStream in;
    private final OutputStream out;
    private final Semaphore mayReadInput = new Semaphore(0);
    private final LinkedBlockingQueue<byte[]> output = new LinkedBlockingQueue<>();
    private final AtomicLong unwrittenOutput = new AtomicLong();
    private final CompletableFuture<Throwable> linkEnded = new CompletableFuture<>();
    private final CompletableFuture<Void> outputDone = new CompletableFuture<>();
    private volatile Link openLink;
    private boolean readingPaused;

    StdioBridge(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /**
     * Waits until the link has closed (or failed to open) and everything it read is written out.
     *
     * @return {@code null} after an orderly close, else what went wrong
     */
    Throwable awaitEnd() throws InterruptedException {
        try {
            Throwable cause = linkEnded.get();
            outputDone.get();
            return cause;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void onOpen(Link link) {
        openLink = link;
        daemon("strand-link-stdout", this::writeOutput).start();
        daemon("strand-link-stdin", () -> readInput(link)).start();
    }

    @Override
    public void onRead(Link link, ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        output.add(copy);
        if (unwrittenOutput.addAndGet(copy.length) > OUTPUT_HIGH_WATER && !readingPaused) {
            readingPaused = true;
            link.setReading(false);
        }
    }

    @Override
    public void onWritable(Link link) {
        mayReadInput.release();
    }

    @Override
    public void onClosed(Link link, Throwable cause) {
        output.add(END);
        linkEnded.complete(cause);
    }

    @Override
    public void onConnectFailed(Throwable cause) {
        outputDone.complete(null);
        linkEnded.complete(cause);
    }

    private void readInput(Link link) {
        byte[] buf = new byte[CHUNK];
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    link.loop().execute(() -> {
                        if (link.isOpen()) {
                            link.close();
                        }
                    });
                    return;
                }
                ByteBuffer chunk = ByteBuffer.allocate(n).put(buf, 0, n).flip();
                link.loop().execute(() -> writeToLink(link, chunk));
                mayReadInput.acquire();
            }
        } catch (IOException e) {
            link.loop().execute(() -> link.abort(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeToLink(Link link, ByteBuffer chunk) {
        if (!link.isOpen()) {
            mayReadInput.release();
            return;
        }
        if (link.write(chunk)) {
            mayReadInput.release();
        } else {
            link.requestWrite();
        }
    }

    private void writeOutput() {
        try {
            while (true) {
                byte[] b = output.take();
                if (b == END) {
                    out.flush();
                    return;
                }
                out.write(b);
                if (output.isEmpty()) {
                    out.flush();
                }
                long left = unwrittenOutput.addAndGet(-b.length);
                if (left < OUTPUT_LOW_WATER && left + b.length >= OUTPUT_LOW_WATER) {
                    resumeReading();
                }
            }
        } catch (IOException e) {
            Link link = openLink;
            link.loop().execute(() -> link.abort(new IOException("writing to stdout failed: " + e.getMessage(), e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            outputDone.complete(null);
        }
    }

    private void resumeReading() {
        Link link = openLink;
        if (link != null) {
            link.loop().execute(() -> {
                if (readingPaused) {
                    readingPaused = false;
                    link.setReading(true);
                }
            });
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }
}
