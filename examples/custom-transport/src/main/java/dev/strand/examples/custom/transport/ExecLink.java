package dev.strand.examples.custom.transport;

import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.transport.Link;
import dev.strand.api.transport.LinkHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One running command seen as a {@link Link}.
 *
 * <p><b>Threads.</b> The pipes block, so each link has three threads of its own: one starts the
 * command and then reads its stdout, one writes its stdin, one logs its stderr. They never call
 * the handler; they hand bytes and events to the link's loop with {@code loop.execute}. Fields
 * marked "loop" below are touched on the loop only; the rest are thread-safe.
 *
 * <p><b>Backpressure.</b> Outbound, written bytes wait in a queue for the stdin thread; once
 * {@link #HIGH_WATER} bytes are queued the link is not writable until the queue has drained below
 * {@link #LOW_WATER}, and then a requested {@code onWritable} comes. Inbound, the
 * stdout thread may have at most {@link #READS_IN_FLIGHT} chunks handed over but not yet
 * delivered; while reading is paused they stay with the link, the thread stops reading, the pipe
 * fills and the command blocks on its writes.
 */
final class ExecLink implements Link {

    /** Queued outbound bytes above which the link stops being writable. */
    static final int HIGH_WATER = 64 * 1024;
    /** Queued outbound bytes below which a requested {@code onWritable} is delivered. */
    static final int LOW_WATER = HIGH_WATER / 2;
    /** Stdout chunks handed to the loop and not yet delivered, at most. */
    static final int READS_IN_FLIGHT = 4;

    private static final System.Logger LOG = System.getLogger(ExecTransport.class.getName());
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final int CHUNK = 16 * 1024;
    private static final ByteBuffer END_OF_INPUT = ByteBuffer.allocate(0);
    private static final int NEW = 0;
    private static final int CANCELLED = 1;
    private static final int STARTED = 2;

    private final Endpoint endpoint;
    private final Loop loop;
    private final LinkHandler handler;
    private final String threadPrefix;
    private final AtomicInteger startState = new AtomicInteger(NEW);
    private final LinkedBlockingQueue<ByteBuffer> outbound = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Semaphore readPermits = new Semaphore(READS_IN_FLIGHT);
    private volatile Process process;
    private volatile String lastStderrLine;
    private volatile Thread stdinThread;
    private volatile Thread stderrThread;
    private volatile Thread stdoutThread;

    // loop
    private final ArrayDeque<ByteBuffer> heldReads = new ArrayDeque<>();
    private boolean open;
    private boolean closing;
    private boolean closed;
    private boolean reading = true;
    private boolean belowHighWater = true;
    private boolean writeRequested;
    private boolean writableEventQueued;
    private boolean exited;
    private int exitStatus;

    private ExecLink(Endpoint endpoint, Loop loop, LinkHandler handler) {
        this.endpoint = endpoint;
        this.loop = loop;
        this.handler = handler;
        this.threadPrefix = "exec-" + COUNTER.incrementAndGet();
    }

    /** Starts the command on a thread of the link's own; the outcome arrives on {@code loop}. */
    static Loop.Scheduled start(Endpoint endpoint, Loop loop, LinkHandler handler) {
        ExecLink link = new ExecLink(endpoint, loop, handler);
        link.stdoutThread = daemon(link.threadPrefix + "-stdout", link::runCommand);
        link.stdoutThread.start();
        return () -> link.startState.compareAndSet(NEW, CANCELLED);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    // ---- the link's own threads

    private void runCommand() {
        if (!startState.compareAndSet(NEW, STARTED)) {
            return;
        }
        Process p;
        try {
            p = new ProcessBuilder("/bin/sh", "-c", endpoint.address()).start();
        } catch (IOException | RuntimeException e) {
            ConnectException failure = new ConnectException(endpoint + ": cannot start /bin/sh: " + e.getMessage());
            failure.initCause(e);
            loop.execute(() -> handler.onConnectFailed(failure));
            return;
        }
        process = p;
        LOG.log(Level.DEBUG, "{0}: started as process {1}", endpoint, p.pid());
        stderrThread = daemon(threadPrefix + "-stderr", () -> logStderr(p.getErrorStream()));
        stdinThread = daemon(threadPrefix + "-stdin", () -> writeStdin(p.getOutputStream()));
        stderrThread.start();
        stdinThread.start();
        loop.execute(this::opened);
        readStdout(p.getInputStream());
        int status = waitForExit(p);
        loop.execute(() -> exited(status));
    }

    private void readStdout(InputStream in) {
        try {
            while (true) {
                readPermits.acquire();
                byte[] buf = new byte[CHUNK];
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                ByteBuffer chunk = ByteBuffer.wrap(buf, 0, n);
                loop.execute(() -> arrived(chunk));
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "{0}: stdout ended: {1}", endpoint, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int waitForExit(Process p) {
        try {
            int status = p.waitFor();
            Thread err = stderrThread;
            if (err != null) {
                err.join(1000);
            }
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void writeStdin(OutputStream out) {
        boolean broken = false;
        try {
            while (true) {
                ByteBuffer data = outbound.take();
                if (data == END_OF_INPUT) {
                    break;
                }
                int n = data.remaining();
                if (!broken) {
                    try {
                        out.write(data.array(), data.arrayOffset() + data.position(), n);
                        out.flush();
                    } catch (IOException e) {
                        broken = true;
                        LOG.log(Level.DEBUG, "{0}: the command stopped reading its stdin ({1});"
                                + " further writes are dropped", endpoint, e.getMessage());
                    }
                }
                drained(n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "{0}: closing stdin: {1}", endpoint, e.getMessage());
            }
        }
    }

    private void drained(int n) {
        long after = queuedBytes.addAndGet(-n);
        if (after < LOW_WATER && after + n >= LOW_WATER) {
            loop.execute(this::belowLowWater);
        }
    }

    private void logStderr(InputStream err) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(err, Charset.defaultCharset()))) {
            for (String line; (line = r.readLine()) != null; ) {
                lastStderrLine = line;
                LOG.log(Level.INFO, "{0} stderr: {1}", endpoint, line);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "{0}: stderr ended: {1}", endpoint, e.getMessage());
        }
    }

    // ---- events handed to the loop

    private void opened() {
        if (closed) {
            return;
        }
        open = true;
        handler.onOpen(this);
    }

    private void arrived(ByteBuffer chunk) {
        if (closed) {
            readPermits.release();
            return;
        }
        heldReads.add(chunk);
        deliverHeldReads();
    }

    private void exited(int status) {
        exited = true;
        exitStatus = status;
        if (heldReads.isEmpty()) {
            finish(exitFailure());
        }
    }

    private void belowLowWater() {
        if (queuedBytes.get() >= LOW_WATER) {
            return;
        }
        belowHighWater = true;
        if (writeRequested && isWritable()) {
            queueWritableEvent();
        }
    }

    private void deliverHeldReads() {
        while (reading && !closed && !heldReads.isEmpty()) {
            ByteBuffer chunk = heldReads.poll();
            readPermits.release();
            handler.onRead(this, chunk);
        }
        if (exited && heldReads.isEmpty()) {
            finish(exitFailure());
        }
    }

    private IOException exitFailure() {
        if (exitStatus == 0) {
            return null;
        }
        StringBuilder message = new StringBuilder(endpoint.toString()).append(" exited with status ").append(exitStatus);
        if (exitStatus == 127) {
            message.append(" (command not found)");
        } else if (exitStatus > 128 && exitStatus < 160) {
            message.append(" (killed by signal ").append(exitStatus - 128).append(')');
        }
        String last = lastStderrLine;
        if (last != null) {
            message.append(": ").append(last);
        }
        return new IOException(message.toString());
    }

    private void queueWritableEvent() {
        if (writableEventQueued) {
            return;
        }
        writableEventQueued = true;
        loop.execute(() -> {
            writableEventQueued = false;
            if (writeRequested && isWritable()) {
                writeRequested = false;
                handler.onWritable(this);
            }
        });
    }

    private void finish(Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        open = false;
        heldReads.clear();
        outbound.clear();
        outbound.add(END_OF_INPUT);
        if (cause == null) {
            LOG.log(Level.DEBUG, "{0}: closed", endpoint);
        } else {
            LOG.log(Level.DEBUG, "{0}: closed: {1}", endpoint, cause.getMessage());
        }
        handler.onClosed(this, cause);
    }

    // ---- Link

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public String peer() {
        Process p = process;
        return p == null ? endpoint.toString() : endpoint + "#" + p.pid();
    }

    @Override
    public boolean write(ByteBuffer data) {
        loop.assertInLoop();
        int n = data.remaining();
        if (!open || closing) {
            data.position(data.limit());
            return false;
        }
        if (n > 0) {
            ByteBuffer copy = ByteBuffer.allocate(n);
            copy.put(data).flip();
            if (queuedBytes.addAndGet(n) >= HIGH_WATER) {
                belowHighWater = false;
            }
            outbound.add(copy);
        }
        return isWritable();
    }

    @Override
    public boolean isWritable() {
        return open && !closing && belowHighWater;
    }

    @Override
    public void requestWrite() {
        loop.assertInLoop();
        if (!open || closing) {
            return;
        }
        writeRequested = true;
        if (isWritable()) {
            queueWritableEvent();
        }
    }

    @Override
    public void setReading(boolean on) {
        loop.assertInLoop();
        reading = on;
        if (on && !closed) {
            loop.execute(this::deliverHeldReads);
        }
    }

    /**
     * Closes the command's stdin once the bytes already written have gone to it, then lets the
     * command finish: its remaining output is still read, and {@code onClosed} follows its exit.
     */
    @Override
    public void close() {
        loop.assertInLoop();
        if (!open || closing) {
            return;
        }
        closing = true;
        writeRequested = false;
        outbound.add(END_OF_INPUT);
    }

    /** Kills the command at once; unwritten bytes and unread output are dropped. */
    @Override
    public void abort(Throwable cause) {
        loop.assertInLoop();
        if (closed) {
            return;
        }
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
        outbound.clear();
        interrupt(stdinThread);
        interrupt(stdoutThread);
        finish(cause);
    }

    private static void interrupt(Thread t) {
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public String toString() {
        return "exec-link(" + peer() + ")";
    }
}
