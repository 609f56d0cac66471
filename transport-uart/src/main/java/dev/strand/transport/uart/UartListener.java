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
 * {@code poll} until it can be opened. Thread-safe.
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

    /** Stops looking for the device; a link that is open stays open. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(poller);
    }

    private void poll() {
        String lastProblem = null;
        while (!closed) {
            if (current == null) {
                try {
                    SerialPort port = SerialDevice.open(settings);
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
        LOG.info("uart {}: link up ({} baud{})", settings.device(), settings.baud(), settings.rtsCts() ? ", RTS/CTS" : "");
        loop.execute(() -> self[0].start(acceptor.accept(self[0])));
    }

    private void linkFinished(UartLink link) {
        if (current == link) {
            current = null;
            LOG.info("uart {}: link down{}", settings.device(), closed ? "" : "; looking for the device again");
            LockSupport.unpark(poller);
        }
    }
}
