package dev.strand.core.net.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real lws traffic in {@code golden/lws} on the test class path (core-net's
 * {@code src/test/resources/golden/lws}, a copy of shared/golden/lws, which secure-streams puts on
 * its test class path too), read back into the byte chunks each side wrote. Four formats are read:
 * strace lines of the client ({@code sendto} = client to proxy, {@code recvfrom} = proxy to
 * client), socat {@code -x -v} hex logs, the hex dumps of an annotated capture that has no raw
 * file, and the printout of a third-party stub client, rebuilt into frames from its fields. The
 * UART capture's transport-mux framing is stripped per channel just enough to recover the SSS
 * bytes; the mux itself is another module's business. Used by core-net's and secure-streams'
 * replay tests.
 */
public final class GoldenCapture {

    /** Bytes one side wrote at once (or, for annotated captures, one frame). */
    public record Chunk(boolean clientToProxy, byte[] bytes) {
        @Override
        public String toString() {
            return (clientToProxy ? "C->P " : "P->C ") + HexFormat.of().formatHex(bytes);
        }
    }

    /** A frame as an independent decoder (the annotated capture) saw it: direction, type byte, whole length. */
    public record AnnotatedFrame(boolean clientToProxy, int type, int frameLength) {
    }

    private static final Pattern STRACE = Pattern.compile("^\\d+\\s+\\S+ (sendto|recvfrom)\\(\\d+, \"(.*)\", \\d+, .*\\) = (\\d+)$");
    private static final Pattern SOCAT = Pattern.compile("^([<>]) \\S+ \\S+\\s+length=(\\d+) .*$");
    private static final Pattern ANNOTATED = Pattern.compile(
            "^\\S+\\s+(?:conn\\d+|ch[0-9a-f]{2}) (C->P|P->C) \\S+ \\(0x([0-9a-f]{2})\\) frame_len=(\\d+)$");
    private static final Pattern STUB = Pattern.compile("^(C->P|P->C) \\S+ \\(0x([0-9a-f]{2})\\) len=(\\d+)(.*)$");

    private GoldenCapture() {
    }

    /** The chunks of a {@code *.raw.txt} strace capture. */
    public static List<Chunk> strace(String file) {
        List<Chunk> out = new ArrayList<>();
        for (String line : lines(file)) {
            Matcher m = STRACE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            byte[] bytes = unescape(m.group(2), '"');
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
    public static List<Chunk> socat(String file, boolean greaterIsClient) {
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
    public static List<Chunk> annotated(String file) {
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
    public static List<AnnotatedFrame> annotatedFrames(String file) {
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
    public static List<Chunk> muxChannel(List<Chunk> link, int channel) {
        List<Chunk> out = new ArrayList<>();
        MuxStripper toProxy = new MuxStripper(true, channel, out);
        MuxStripper toClient = new MuxStripper(false, channel, out);
        for (Chunk c : link) {
            (c.clientToProxy() ? toProxy : toClient).feed(c.bytes());
        }
        return out;
    }

    /**
     * The printout of the third-party stub client ({@code C->P NAME (0xTT) len=N fields}), which
     * has no hex: each frame rebuilt from its printed fields, one chunk per frame. CONNSTATE
     * ordinals are not printed; lws sent 0 in every capture that shows them. The stub cuts RX
     * payloads at 64 bytes, so those frames carry the cut payload (their flags, zero latency and
     * time, and the payload's first line are what the capture can vouch for).
     */
    public static List<Chunk> stubPrintout(String file) {
        List<Chunk> out = new ArrayList<>();
        for (String line : lines(file)) {
            Matcher m = STUB.matcher(line);
            if (!m.matches()) {
                continue;
            }
            int type = Integer.parseInt(m.group(2), 16);
            int rem = Integer.parseInt(m.group(3));
            String fields = m.group(4);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            switch (type) {
                case 0xAA -> {
                    body.write(number(fields, "ver"));
                    int32(body, number(fields, "pid"));
                    int32(body, number(fields, "txcr"));
                    body.writeBytes(text(fields, "streamtype").getBytes(StandardCharsets.ISO_8859_1));
                }
                case 0x56 -> {
                    body.write(number(fields, "result"));
                    int32(body, number(fields, "buflen"));
                    body.writeBytes(pythonBytes(fields, "rest"));
                }
                case 0x57 -> {
                    body.write(number(fields, "state"));
                    int32(body, 0);
                }
                case 0xAE, 0x59 -> {
                    Matcher nv = Pattern.compile(" (\\w+)=b'").matcher(fields);
                    if (!nv.find()) {
                        throw new IllegalStateException(file + ": no name=b'value' in " + line);
                    }
                    byte[] value = pythonBytes(fields, nv.group(1));
                    body.write(nv.group(1).length());
                    body.writeBytes(nv.group(1).getBytes(StandardCharsets.ISO_8859_1));
                    body.writeBytes(value);
                }
                case 0xAB -> {
                }
                case 0x55 -> {
                    int32(body, Integer.decode(Pattern.compile("flags=(0x[0-9a-f]+)").matcher(fields).results()
                            .findFirst().orElseThrow().group(1)));
                    body.writeBytes(new byte[12]);
                    body.writeBytes(pythonBytes(fields, "payload"));
                    rem = body.size();
                }
                default -> throw new IllegalStateException(file + ": no rule for frame type 0x" + m.group(2));
            }
            if (body.size() != rem) {
                throw new IllegalStateException(file + ": rebuilt " + body.size() + " body bytes, len=" + rem + ": " + line);
            }
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(type);
            frame.write(rem >> 8);
            frame.write(rem & 0xFF);
            frame.writeBytes(body.toByteArray());
            out.add(new Chunk(m.group(1).equals("C->P"), frame.toByteArray()));
        }
        return out;
    }

    private static int number(String fields, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\d+)").matcher(fields);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + "= in " + fields);
        }
        return Integer.parseInt(m.group(1));
    }

    private static String text(String fields, String name) {
        Matcher m = Pattern.compile("\\b" + name + "='([^']*)'").matcher(fields);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + "='' in " + fields);
        }
        return m.group(1);
    }

    /** A Python bytes literal {@code name=b'...'}: printable ASCII and backslash escapes. */
    private static byte[] pythonBytes(String fields, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=b'((?:[^'\\\\]|\\\\.)*)'").matcher(fields);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + "=b'' in " + fields);
        }
        return unescape(m.group(1), '\'');
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    /** All bytes one direction carried, in order. */
    public static byte[] stream(List<Chunk> chunks, boolean clientToProxy) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Chunk c : chunks) {
            if (c.clientToProxy() == clientToProxy) {
                out.writeBytes(c.bytes());
            }
        }
        return out.toByteArray();
    }

    private static List<String> lines(String file) {
        String name = "golden/lws/" + file;
        try (InputStream in = GoldenCapture.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Undoes C-style escapes ({@code \xNN}, {@code \n}, {@code \r}, {@code \t}, a backslash,
     * and {@code quote}) as strace and Python print byte strings.
     */
    public static byte[] unescape(String s, char quote) {
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
                case '\\' -> out.write(e);
                default -> {
                    if (e != quote) {
                        throw new IllegalArgumentException("unknown escape \\" + e);
                    }
                    out.write(e);
                }
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
