package dev.strand.secure.streams.proxy;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * core-net's malformed-input vectors ({@code sss-vectors/malformed-inputs.tsv}, copied onto this
 * module's test class path by the build), crossed with the socket kinds: arguments
 * {@code (via, name, created, bytes, problem)}.
 */
final class MalformedVectors {

    private MalformedVectors() {
    }

    static Stream<Arguments> from(String side) {
        return Stream.of(Via.values()).flatMap(via -> rows(side).stream().map(f ->
                arguments(via, f[1], f[2].equals("created"), HexFormat.of().parseHex(f[3]), f[4])));
    }

    /** One vector by its name: arguments {@code (name, created, bytes, problem)}. */
    static Arguments named(String side, String name) {
        String[] f = rows(side).stream().filter(r -> r[1].equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + side + " vector named '" + name + "'"));
        return arguments(f[1], f[2].equals("created"), HexFormat.of().parseHex(f[3]), f[4]);
    }

    private static List<String[]> rows(String side) {
        InputStream in = MalformedVectors.class.getClassLoader().getResourceAsStream("sss-vectors/malformed-inputs.tsv");
        if (in == null) {
            throw new IllegalStateException("sss-vectors/malformed-inputs.tsv is not on the test class path");
        }
        List<String[]> rows;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            rows = r.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\t"))
                    .filter(f -> f[0].equals(side)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
