package dev.strand.core.net.sss;

import dev.strand.core.net.testing.GoldenCapture;
import dev.strand.core.net.testing.GoldenCapture.Chunk;
import java.util.List;
import java.util.function.Supplier;

/** Every capture in golden/lws that holds SSS bytes, with how to read it. */
enum Captures {
    ABSTRACT_HELLO_WORLD("a-http-plain-abstract-hello_world", () -> GoldenCapture.strace("a-http-plain-abstract-hello_world.raw.txt")),
    ABSTRACT_MINTEST("a-http-plain-abstract-mintest", () -> GoldenCapture.strace("a-http-plain-abstract-mintest.raw.txt")),
    ABSTRACT_HTTP_POST("a-http-plain-abstract-http-post", () -> GoldenCapture.strace("a-http-plain-abstract-http-post.raw.txt")),
    TCP_HELLO_WORLD("a-http-plain-tcp-hello_world", () -> GoldenCapture.socat("a-http-plain-tcp-hello_world.raw.txt", true)),
    TCP_MINTEST("a-http-plain-tcp-mintest", () -> GoldenCapture.socat("a-http-plain-tcp-mintest.raw.txt", true)),
    TCP_HTTP_POST("a-http-plain-tcp-http-post", () -> GoldenCapture.socat("a-http-plain-tcp-http-post.raw.txt", true)),
    WS_ECHO("b-ws-plain-abstract-ws-echo", () -> GoldenCapture.strace("b-ws-plain-abstract-ws-echo.raw.txt")),
    UART_BINANCE("c-uart-plain-binance",
            () -> GoldenCapture.muxChannel(GoldenCapture.socat("c-uart-plain-binance.raw.txt", false), 0xFF)),
    TLS_BADCA("d-tls-badca-abstract-mintest", () -> GoldenCapture.annotated("d-tls-badca-abstract-mintest.txt")),
    THIRD_PARTY_LWS_CLIENT("e-third-party-abstract-lwsclient-to-stubproxy",
            () -> GoldenCapture.strace("e-third-party-abstract-lwsclient-to-stubproxy.raw.txt"));

    private final String base;
    private final Supplier<List<Chunk>> loader;

    Captures(String base, Supplier<List<Chunk>> loader) {
        this.base = base;
        this.loader = loader;
    }

    /** The SSS byte chunks in the order they crossed the link. */
    List<Chunk> chunks() {
        return loader.get();
    }

    /** The frames the capture's own annotation lists. */
    List<GoldenCapture.AnnotatedFrame> annotatedFrames() {
        return GoldenCapture.annotatedFrames(base + ".txt");
    }
}
