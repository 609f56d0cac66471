package dev.strand.transport.uart;

import aQute.bnd.annotation.spi.ServiceProvider;
import com.fazecast.jSerialComm.SerialPort;
import dev.strand.api.Endpoint;
import dev.strand.api.Loop;
import dev.strand.api.LoopGroup;
import dev.strand.api.transport.ConnectOptions;
import dev.strand.api.transport.LinkAcceptor;
import dev.strand.api.transport.LinkHandler;
import dev.strand.api.transport.Listener;
import dev.strand.api.transport.TransportOps;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serial ports through jSerialComm: endpoints {@code uart:DEVICE?baud=N&flow=none|rtscts}. One
 * device carries one link, so streams share it through the transport mux
 * ({@code mux+uart:...}).
 *
 * <ul>
 *   <li>{@code connect} (client side, a device talking to its proxy) opens the device; an absent
 *       device fails the connect at once with a {@link java.nio.file.NoSuchFileException} naming
 *       it. Whoever connects retries (the mux does, with backoff).</li>
 *   <li>{@code listen} (proxy side) opens the device and offers it as a link. When the device
 *       goes away (a USB adapter unplugged) the link closes with an {@link IOException} ("link
 *       down"); the listener keeps looking for the device every {@code poll} and offers a new
 *       link once it is back ("link up").</li>
 * </ul>
 *
 * <p>Opening a device blocks for a moment, so it happens on a short-lived thread of its own, never
 * on a loop. Stateless; thread-safe.
 */
@ServiceProvider(TransportOps.class)
public final class UartTransport implements TransportOps {

    @Override
    public String name() {
        return "uart";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("uart");
    }

    @Override
    public boolean singleLinkPerEndpoint() {
        return true;
    }

    @Override
    public Loop.Scheduled connect(Endpoint endpoint, ConnectOptions options, Loop loop, LinkHandler handler) {
        UartSettings settings = UartSettings.of(endpoint);
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread opener = new Thread(() -> {
            SerialPort port;
            try {
                port = SerialDevice.open(settings);
            } catch (IOException e) {
                loop.execute(() -> handler.onConnectFailed(e));
                return;
            }
            if (cancelled.get()) {
                port.closePort();
                return;
            }
            UartLink link = new UartLink(loop, port, settings, () -> { });
            loop.execute(() -> link.start(handler));
        }, "strand-uart-open " + settings.device());
        opener.setDaemon(true);
        opener.start();
        return () -> cancelled.compareAndSet(false, true);
    }

    @Override
    public Listener listen(Endpoint endpoint, LoopGroup loops, LinkAcceptor acceptor) {
        UartSettings settings = UartSettings.of(endpoint);
        return new UartListener(endpoint, settings, loops, acceptor);
    }
}
