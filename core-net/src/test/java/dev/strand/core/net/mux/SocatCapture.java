package dev.strand.core.net.mux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code socat -x -v} hex log of a pty session, read into the chunks socat relayed: direction
 * ({@code >} or {@code <}), time of day in µs and bytes.
 */
final class SocatCapture {

    /** One relayed write. */
    record Chunk(char direction, long micros, byte[] bytes) {
    }

    private static final Pattern HEADER = Pattern.compile(
            "^([<>]) \\d{4}/\\d\\d/\\d\\d (\\d\\d):(\\d\\d):(\\d\\d)\\.\\d{3}(\\d{6})\\s+length=(\\d+) .*");

    private SocatCapture() {
    }

    static List<Chunk> read(String resource) throws IOException {
        String text;
        try (InputStream in = SocatCapture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("test resource " + resource + " is missing");
            }
            text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        List<Chunk> chunks = new ArrayList<>();
        char dir = 0;
        long micros = 0;
        int length = 0;
        ByteArrayOutputStream bytes = null;
        for (String line : text.split("\n")) {
            Matcher m = HEADER.matcher(line);
            if (m.matches()) {
                dir = m.group(1).charAt(0);
                micros = ((Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3))) * 60
                        + Long.parseLong(m.group(4))) * 1_000_000 + Long.parseLong(m.group(5));
                length = Integer.parseInt(m.group(6));
                bytes = new ByteArrayOutputStream();
            } else if (line.startsWith("--") || line.isBlank()) {
                if (bytes != null) {
                    chunks.add(finish(dir, micros, length, bytes));
                    bytes = null;
                }
            } else if (bytes != null && line.startsWith(" ")) {
                String hex = line.substring(1, Math.min(line.length(), 49)).strip();
                bytes.writeBytes(HexFormat.of().parseHex(hex.replace(" ", "")));
            }
        }
        if (bytes != null) {
            chunks.add(finish(dir, micros, length, bytes));
        }
        return chunks;
    }

    private static Chunk finish(char dir, long micros, int length, ByteArrayOutputStream bytes) throws IOException {
        byte[] b = bytes.toByteArray();
        if (b.length != length) {
            throw new IOException("capture chunk at " + micros + " us has " + b.length + " bytes, header says " + length);
        }
        return new Chunk(dir, micros, b);
    }
}
