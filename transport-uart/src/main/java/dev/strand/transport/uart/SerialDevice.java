package dev.strand.transport.uart;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens a serial device with jSerialComm as lws configures its UARTs: raw 8N1 at the given speed,
 * RTS/CTS if asked, blocking writes, reads that return after at most 100 ms so that a reader
 * thread notices a close. Stateless.
 */
final class SerialDevice {

    /** Longest a read blocks with nothing to read. */
    static final int READ_TIMEOUT_MS = 100;

    private SerialDevice() {
    }

    /**
     * Opens {@code settings.device()}, following symbolic links (socat's {@code link=} names, udev's
     * {@code /dev/serial/by-id/...}).
     *
     * @throws NoSuchFileException if the device is absent
     * @throws IOException if it exists but cannot be opened or configured
     */
    static SerialPort open(UartSettings settings) throws IOException {
        Path path = Path.of(settings.device());
        if (!Files.exists(path)) {
            throw new NoSuchFileException(settings.device(), null, "no such serial device");
        }
        String real = path.toRealPath().toString();
        SerialPort port;
        try {
            port = SerialPort.getCommPort(real);
        } catch (SerialPortInvalidPortException e) {
            throw new NoSuchFileException(settings.device(), null, "not a serial device: " + e.getMessage());
        }
        if (!port.openPort()) {
            throw new IOException("cannot open serial device " + settings.device() + " (" + real + "): errno "
                    + port.getLastErrorCode());
        }
        boolean configured = port.setComPortParameters(settings.baud(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY)
                && port.setFlowControl(settings.rtsCts()
                        ? SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED
                        : SerialPort.FLOW_CONTROL_DISABLED)
                && port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                        READ_TIMEOUT_MS, 0);
        if (!configured) {
            int errno = port.getLastErrorCode();
            port.closePort();
            throw new IOException("cannot configure serial device " + settings.device() + " at " + settings.baud()
                    + " baud" + (settings.rtsCts() ? " with RTS/CTS" : "") + ": errno " + errno);
        }
        return port;
    }
}
