package dev.strand.transport.uart;

import com.fazecast.jSerialComm.SerialPort;
import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.Listener;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy side of a serial device: one thread that opens the device whenever no link is open
 * on it, offers each opening to the acceptor as a new link ("link up"), and after that link closes
 * (the device went away, or someone closed the link) looks for the device again every
 * {@code poll} until it can be opened.
 *
 * <p>Closing is final: a device the thread found again just before (or while) the listener is
 * closed is released without being offered, so once {@link #close()} has returned no link is
 * handed to the acceptor and nothing new writes to the device; whoever owns the links accepted
 * before (the mux sessions on them) closes those. Thread-safe: handing a link over and closing are
 * serialised on this object.
 */
final class UartListener implements Listener {

    private static final Logger LOG = LoggerFactory.getLogger(UartListener.class);

    private final Endpoint endpoint;
    private final UartSettings settings;
    private final LoopGroup loops;
    private final LinkAcceptor acceptor;
    private final Thread poller;
    private volatile boolean closed;
    private volatile UartLink current;

    UartListener(Endpoint endpoint, UartSettings settings, LoopGroup loops, LinkAcceptor acceptor) {
        this.endpoint = endpoint;
        this.settings = settings;
        this.loops = loops;
        this.acceptor = acceptor;
        this.poller = new Thread(this::poll, "strand-uart-listen " + settings.device());
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * Stops looking for the device; a link already handed to the acceptor stays open. Waits for a
     * hand-over under way on a loop (it runs no longer than the acceptor and the handler's
     * {@code onOpen}), so that every link accepted is known to the caller once this returns.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        LockSupport.unpark(poller);
    }

    private void poll() {
        String lastProblem = null;
        while (!closed) {
            if (current == null) {
                try {
                    SerialPort port = SerialDevice.open(settings);
                    if (closed) {
                        port.closePort();
                        break;
                    }
                    offer(port);
                    lastProblem = null;
                } catch (IOException e) {
                    String problem = e instanceof NoSuchFileException ? "absent" : e.getMessage();
                    if (!problem.equals(lastProblem)) {
                        if (e instanceof NoSuchFileException) {
                            LOG.info("uart {}: device absent; looking for it every {} ms", settings.device(),
                                    settings.poll().toMillis());
                        } else {
                            LOG.warn("uart {}: {}; trying again every {} ms", settings.device(), e.getMessage(),
                                    settings.poll().toMillis());
                        }
                        lastProblem = problem;
                    }
                }
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(settings.poll().toMillis()));
        }
    }

    private void offer(SerialPort port) {
        Loop loop = loops.next();
        UartLink[] self = new UartLink[1];
        self[0] = new UartLink(loop, port, settings, () -> linkFinished(self[0]));
        current = self[0];
        loop.execute(() -> handOver(self[0]));
    }

    /** On the link's loop: offers the link unless the listener was closed since the device was found. */
    private void handOver(UartLink link) {
        synchronized (this) {
            if (!closed) {
                LOG.info("uart {}: link up ({} baud{})", settings.device(), settings.baud(),
                        settings.rtsCts() ? ", RTS/CTS" : "");
                link.start(acceptor.accept(link));
                return;
            }
        }
        LOG.info("uart {}: device found again as the listener closed; released, not offered", settings.device());
        link.discard();
    }

    private void linkFinished(UartLink link) {
        if (current == link) {
            current = null;
            LOG.info("uart {}: link down{}", settings.device(), closed ? "" : "; looking for the device again");
            LockSupport.unpark(poller);
        }
    }
}
