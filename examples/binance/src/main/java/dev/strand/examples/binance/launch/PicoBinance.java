package dev.strand.examples.binance.launch;

import dev.strand.api.Endpoint;
import dev.strand.core.net.mux.MuxRoute;
import dev.strand.core.net.mux.MuxSession;
import dev.strand.core.net.mux.PeerClock;
import dev.strand.core.net.sss.SsProxyClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The "pico" binance client, lws's {@code pico-sspc-binance} in Java: the binance client through
 * an SS proxy over the transport mux on a serial port, with the proxy's wall clock (from the mux
 * PONGACK) for the event latency, on the SSPC-only module set: {@code dev.strand.api},
 * {@code dev.strand.core.net}, {@code dev.strand.transport.uart} (with jSerialComm), a logging
 * binding and this module. {@code bin/strand pico-binance} starts it with {@code --limit-modules},
 * so nothing else (no Netty, no Jackson, no proxy) can be loaded; it prints the modules it runs
 * with to show that.
 *
 * <pre>
 * PicoBinance DEVICE [--baud N] [--seconds N] [--connect-timeout S] [--fail-unreachable]
 * </pre>
 *
 * Exit statuses as {@link BinanceRunner}, and 64 for wrong arguments.
 */
public final class PicoBinance {

    /** What lws's pico client runs its UART at. */
    static final int DEFAULT_BAUD = 2_000_000;
    static final String USAGE =
            "usage: pico-binance DEVICE [--baud N] [--seconds N] [--connect-timeout S] [--fail-unreachable]";

    private PicoBinance() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        Arguments a;
        try {
            a = Arguments.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("pico-binance: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(64);
            return;
        }
        out.println("pico: modules: " + applicationModules());
        Endpoint proxy = Endpoint.parse("uart:" + a.device + "?baud=" + a.baud);
        SsProxyClient client = SsProxyClient.builder(proxy).build();
        MuxRoute route = client.route();
        out.println("pico: the proxy is at " + proxy + (route.overMux() ? " (SSPC over the transport mux)" : ""));
        Supplier<Optional<MuxSession>> session = () -> route.ownMux().flatMap(m -> m.clientSession(route.endpoint()));
        int status = BinanceRunner.run(client, proxyClock(session, out), a.settings, out);
        out.flush();
        System.exit(status);
    }

    /**
     * The proxy's wall clock as the mux session's last PONGACK told it, or this machine's until
     * one came.
     */
    static LongSupplier proxyClock(Supplier<Optional<MuxSession>> session, PrintStream out) {
        boolean[] told = new boolean[2];
        return () -> {
            Optional<MuxSession> s = session.get();
            Optional<PeerClock> clock = s.flatMap(MuxSession::peerClock);
            if (clock.isEmpty()) {
                if (!told[0]) {
                    told[0] = true;
                    out.println("pico: no PONGACK from the proxy yet: latency by this machine's clock");
                }
                return System.currentTimeMillis() * 1000;
            }
            long proxyNow = clock.get().estimateWallMicros(s.get().loop().monotonicMicros());
            if (!told[1]) {
                told[1] = true;
                out.printf("pico: wall clock from the proxy's mux PONGACK (%+.1f ms from this machine's)%n",
                        (proxyNow - System.currentTimeMillis() * 1000) / 1000.0);
            }
            return proxyNow;
        };
    }

    /** The modules of the boot layer that are not the JDK's. */
    static String applicationModules() {
        return ModuleLayer.boot().modules().stream()
                .map(Module::getName)
                .filter(n -> !n.startsWith("java.") && !n.startsWith("jdk."))
                .sorted()
                .collect(Collectors.joining(", "));
    }

    /** The command line. */
    private record Arguments(String device, int baud, BinanceRunner.Settings settings) {

        static Arguments parse(List<String> args) {
            String device = null;
            int baud = DEFAULT_BAUD;
            long seconds = 0;
            long connectTimeout = 0;
            boolean failUnreachable = false;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--baud" -> baud = (int) number(args, ++i, arg);
                    case "--seconds" -> seconds = number(args, ++i, arg);
                    case "--connect-timeout" -> connectTimeout = number(args, ++i, arg);
                    case "--fail-unreachable" -> failUnreachable = true;
                    default -> {
                        if (arg.startsWith("--") || device != null) {
                            throw new IllegalArgumentException("unexpected argument '" + arg + "'");
                        }
                        device = arg;
                    }
                }
            }
            if (device == null) {
                throw new IllegalArgumentException("which serial device?");
            }
            return new Arguments(device, baud,
                    new BinanceRunner.Settings(seconds, failUnreachable, Duration.ofSeconds(connectTimeout)));
        }

        private static long number(List<String> args, int i, String flag) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a number");
            }
            try {
                long v = Long.parseLong(args.get(i));
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a number from 0 up, not '" + args.get(i) + "'");
            }
        }
    }
}
