package dev.strand.secure.streams.proxy;

import dev.strand.api.Endpoint;
import java.nio.file.Path;

/** The three kinds of socket a client reaches the proxy over. */
enum Via {
    ABSTRACT_UDS, PATH_UDS, TCP;

    /** A fresh endpoint of this kind for one proxy (TCP: an ephemeral port). */
    Endpoint endpoint() {
        long n = System.nanoTime();
        return switch (this) {
            case ABSTRACT_UDS -> Endpoint.parse("@strand-proxy-test-" + n);
            case PATH_UDS -> Endpoint.parse("unix:" + Path.of(System.getProperty("java.io.tmpdir"), "strand-proxy-" + n + ".sock"));
            case TCP -> Endpoint.parse("tcp:127.0.0.1:0");
        };
    }
}
