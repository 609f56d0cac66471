package dev.strand.secure.streams.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real lws traffic from {@code golden/lws} (core-net's copy of shared/golden/lws, put on this
 * module's test class path by the build), read back into the byte chunks each side wrote: strace
 * lines of the client ({@code sendto} = client to proxy, {@code recvfrom} = proxy to client),
 * socat {@code -x -v} hex logs ({@code >} = client to proxy), and the hex dumps of an annotated
 * capture that has no raw file (one chunk per frame). The same reading as core-net's replay tests,
 * for the captures the proxy's HTTP onward path replays.
 */
final class GoldenTraffic {

    /** Bytes one side wrote at once (for annotated captures: one frame). */
    record Chunk(boolean clientToProxy, byte[] bytes) {
    }

    private static final Pattern STRACE = Pattern.compile("^\\d+\\s+\\S+ (sendto|recvfrom)\\(\\d+, \"(.*)\", \\d+, .*\\) = (\\d+)$");
    private static final Pattern SOCAT = Pattern.compile("^([<>]) \\S+ \\S+\\s+length=(\\d+) .*$");
    private static final Pattern ANNOTATED = Pattern.compile(
            "^\\S+\\s+conn\\d+ (C->P|P->C) \\S+ \\(0x([0-9a-f]{2})\\) frame_len=(\\d+)$");

    private static final Pattern STUB = Pattern.compile("^(C->P|P->C) \\S+ \\(0x([0-9a-f]{2})\\) len=(\\d+)(.*)$");

    private GoldenTraffic() {
    }

    static List<Chunk> strace(String file) {
        List<Chunk> out = new ArrayList<>();
        for (String line : lines(file)) {
            Matcher m = STRACE.matcher(line);
            if (m.matches()) {
                byte[] bytes = unescape(m.group(2), '"');
                if (bytes.length != Integer.parseInt(m.group(3))) {
                    throw new IllegalStateException(file + ": decoded " + bytes.length + " bytes, strace says " + m.group(3));
                }
                out.add(new Chunk(m.group(1).equals("sendto"), bytes));
            }
        }
        return out;
    }

    static List<Chunk> socat(String file) {
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
                for (String token : hex.substring(0, Math.min(hex.length(), 49)).strip().split("\\s+")) {
                    bytes.write(Integer.parseInt(token, 16));
                }
            }
            out.add(new Chunk(m.group(1).equals(">"), bytes.toByteArray()));
        }
        return out;
    }

    static List<Chunk> annotated(String file) {
        List<Chunk> out = new ArrayList<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ANNOTATED.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("      "); j++) {
                String l = lines.get(j).strip();
                if (l.contains("not shown")) {
                    throw new IllegalStateException(file + ": frame at line " + i + " is cut short");
                }
                if (l.matches("^[0-9a-f]{4}: .*")) {
                    for (String token : l.substring(6, l.indexOf("  |")).strip().split("\\s+")) {
                        bytes.write(Integer.parseInt(token, 16));
                    }
                }
            }
            if (bytes.size() != Integer.parseInt(m.group(3))) {
                throw new IllegalStateException(file + ": frame at line " + i + " has " + bytes.size() + " bytes");
            }
            out.add(new Chunk(m.group(1).equals("C->P"), bytes.toByteArray()));
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
    static List<Chunk> stubPrintout(String file) {
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
    static byte[] stream(List<Chunk> chunks, boolean clientToProxy) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.stream().filter(c -> c.clientToProxy() == clientToProxy).forEach(c -> out.writeBytes(c.bytes()));
        return out.toByteArray();
    }

    private static List<String> lines(String file) {
        String name = "golden/lws/" + file;
        try (InputStream in = GoldenTraffic.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Undoes C-style escapes ({@code \xNN \n \r \t}, a backslash, and {@code quote}) as strace and Python print them. */
    private static byte[] unescape(String s, char quote) {
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
}
