package dev.strand.core.net.sss;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real lws traffic in {@code src/test/resources/golden/lws} (a copy of shared/golden/lws),
 * read back into the byte chunks each side wrote. Three formats are read: strace lines of the
 * client ({@code sendto} = client to proxy, {@code recvfrom} = proxy to client), socat
 * {@code -x -v} hex logs, and the hex dumps of an annotated capture that has no raw file. The
 * UART capture's transport-mux framing is stripped per channel just enough to recover the SSS
 * bytes; the mux itself is another module's business.
 */
final class GoldenCapture {

    static final Path DIR = Path.of("src/test/resources/golden/lws");

    /** Bytes one side wrote at once (or, for annotated captures, one frame). */
    record Chunk(boolean clientToProxy, byte[] bytes) {
        @Override
        public String toString() {
            return (clientToProxy ? "C->P " : "P->C ") + HexFormat.of().formatHex(bytes);
        }
    }

    /** A frame as an independent decoder (the annotated capture) saw it: direction, type byte, whole length. */
    record AnnotatedFrame(boolean clientToProxy, int type, int frameLength) {
    }

    private static final Pattern STRACE = Pattern.compile("^\\d+\\s+\\S+ (sendto|recvfrom)\\(\\d+, \"(.*)\", \\d+, .*\\) = (\\d+)$");
    private static final Pattern SOCAT = Pattern.compile("^([<>]) \\S+ \\S+\\s+length=(\\d+) .*$");
    private static final Pattern ANNOTATED = Pattern.compile(
            "^\\S+\\s+(?:conn\\d+|ch[0-9a-f]{2}) (C->P|P->C) \\S+ \\(0x([0-9a-f]{2})\\) frame_len=(\\d+)$");

    private GoldenCapture() {
    }

    /** The chunks of a {@code *.raw.txt} strace capture. */
    static List<Chunk> strace(String file) {
        List<Chunk> out = new ArrayList<>();
        for (String line : lines(file)) {
            Matcher m = STRACE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            byte[] bytes = unescape(m.group(2));
            if (bytes.length != Integer.parseInt(m.group(3))) {
                throw new IllegalStateException(file + ": decoded " + bytes.length + " bytes but strace says "
                        + m.group(3) + ": " + line.substring(0, Math.min(80, line.length())));
            }
            out.add(new Chunk(m.group(1).equals("sendto"), bytes));
        }
        return out;
    }

    /**
     * The chunks of a socat {@code -x -v} log; {@code greaterIsClient} says whether {@code >}
     * lines carry client-to-proxy bytes.
     */
    static List<Chunk> socat(String file, boolean greaterIsClient) {
        List<Chunk> out = new ArrayList<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = SOCAT.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            int length = Integer.parseInt(m.group(2));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (bytes.size() < length) {
                String hex = lines.get(++i);
                String columns = hex.substring(0, Math.min(hex.length(), 49)).strip();
                for (String token : columns.split("\\s+")) {
                    bytes.write(Integer.parseInt(token, 16));
                }
            }
            if (bytes.size() != length) {
                throw new IllegalStateException(file + ": chunk at line " + i + " has " + bytes.size()
                        + " bytes, socat says " + length);
            }
            out.add(new Chunk(m.group(1).equals(">") == greaterIsClient, bytes.toByteArray()));
        }
        return out;
    }

    /** One chunk per frame, from the hex dumps of an annotated capture (which must not be cut short). */
    static List<Chunk> annotated(String file) {
        List<Chunk> out = new ArrayList<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ANNOTATED.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            int length = Integer.parseInt(m.group(3));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("      "); j++) {
                String l = lines.get(j).strip();
                if (l.contains("not shown")) {
                    throw new IllegalStateException(file + ": frame at line " + i + " is cut short");
                }
                if (!l.matches("^[0-9a-f]{4}: .*")) {
                    continue;
                }
                String hex = l.substring(6, l.indexOf("  |"));
                for (String token : hex.strip().split("\\s+")) {
                    bytes.write(Integer.parseInt(token, 16));
                }
            }
            if (bytes.size() != length) {
                throw new IllegalStateException(file + ": frame at line " + i + " has " + bytes.size()
                        + " bytes, the annotation says " + length);
            }
            out.add(new Chunk(m.group(1).equals("C->P"), bytes.toByteArray()));
        }
        return out;
    }

    /** The frame list an annotated capture gives (for the UART capture, the SSS frames of every channel). */
    static List<AnnotatedFrame> annotatedFrames(String file) {
        List<AnnotatedFrame> out = new ArrayList<>();
        for (String line : lines(file)) {
            Matcher m = ANNOTATED.matcher(line);
            if (m.matches()) {
                out.add(new AnnotatedFrame(m.group(1).equals("C->P"), Integer.parseInt(m.group(2), 16),
                        Integer.parseInt(m.group(3))));
            }
        }
        return out;
    }

    /**
     * The SSS bytes of mux channel {@code channel}, one chunk per MUX data frame, from the raw
     * byte chunks of a transport-mux link (wire.md §4.1). Only the framing is understood: control
     * commands are skipped by their fixed sizes.
     */
    static List<Chunk> muxChannel(List<Chunk> link, int channel) {
        List<Chunk> out = new ArrayList<>();
        MuxStripper toProxy = new MuxStripper(true, channel, out);
        MuxStripper toClient = new MuxStripper(false, channel, out);
        for (Chunk c : link) {
            (c.clientToProxy() ? toProxy : toClient).feed(c.bytes());
        }
        return out;
    }

    /** All bytes one direction carried, in order. */
    static byte[] stream(List<Chunk> chunks, boolean clientToProxy) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Chunk c : chunks) {
            if (c.clientToProxy() == clientToProxy) {
                out.writeBytes(c.bytes());
            }
        }
        return out.toByteArray();
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(DIR.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case '"', '\\' -> out.write(e);
                default -> throw new IllegalArgumentException("unknown strace escape \\" + e);
            }
        }
        return out.toByteArray();
    }

    /** Follows one direction of a transport-mux byte stream across chunks. */
    private static final class MuxStripper {
        private final boolean clientToProxy;
        private final int channel;
        private final List<Chunk> out;
        private int skip;
        private int headerFill;
        private final byte[] header = new byte[4];
        private int dataLeft;
        private ByteArrayOutputStream data;

        MuxStripper(boolean clientToProxy, int channel, List<Chunk> out) {
            this.clientToProxy = clientToProxy;
            this.channel = channel;
            this.out = out;
        }

        void feed(byte[] bytes) {
            for (byte b : bytes) {
                if (skip > 0) {
                    skip--;
                } else if (dataLeft > 0) {
                    if (data != null) {
                        data.write(b);
                    }
                    if (--dataLeft == 0) {
                        flush();
                    }
                } else if (headerFill > 0) {
                    header[headerFill++] = b;
                    if (headerFill == 4) {
                        headerFill = 0;
                        dataLeft = (header[2] & 0xFF) << 8 | header[3] & 0xFF;
                        data = (header[1] & 0xFF) == channel ? new ByteArrayOutputStream() : null;
                        if (dataLeft == 0) {
                            flush();
                        }
                    }
                } else {
                    int cmd = b & 0xFF;
                    switch (cmd) {
                        case 0xF0, 0xF1, 0xF2, 0xF3, 0xF4 -> skip = 1;
                        case 0xF5 -> header[headerFill++] = b;
                        case 0xF6, 0xF8 -> skip = 8;
                        case 0xF7 -> skip = 16;
                        case 0xF9 -> skip = 0;
                        default -> throw new IllegalStateException(String.format("mux command 0x%02X", cmd));
                    }
                }
            }
        }

        private void flush() {
            if (data != null && data.size() > 0) {
                out.add(new Chunk(clientToProxy, data.toByteArray()));
            }
            data = null;
        }
    }
}
