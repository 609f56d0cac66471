package dev.strand.core.net.sss;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The malformed-input vectors of {@code sss-vectors/malformed-inputs.tsv} (shared with
 * secure-streams' tests over real sockets): arguments {@code (name, created, bytes, problem)}.
 */
final class MalformedVectors {

    private MalformedVectors() {
    }

    /** The vectors a proxy sends to a client ({@code from-proxy}) or a client to a proxy ({@code from-client}). */
    static Stream<Arguments> from(String side) {
        InputStream in = MalformedVectors.class.getClassLoader().getResourceAsStream("sss-vectors/malformed-inputs.tsv");
        if (in == null) {
            throw new IllegalStateException("sss-vectors/malformed-inputs.tsv is not on the test class path");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\t"))
                    .filter(f -> f[0].equals(side))
                    .map(f -> arguments(f[1], f[2].equals("created"), HexFormat.of().parseHex(f[3]), f[4]))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
