package dev.strand.benchmarks.ws;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A python3-websockets echo server (Debian's package; install it with
 * {@code apt-get install python3-websockets}) run from a temporary script; it prints its port.
 */
final class PythonEcho implements AutoCloseable {

    private static final String SCRIPT = """
            import asyncio, websockets
            async def echo(ws, path=None):
                async for m in ws:
                    await ws.send(m)
            async def main():
                s = await websockets.serve(echo, "127.0.0.1", 0, max_size=None, ping_interval=None, compression=None)
                print(s.sockets[0].getsockname()[1], flush=True)
                await asyncio.Future()
            asyncio.run(main())
            """;

    private final Process process;
    private final Path script;
    private final int port;

    private PythonEcho(Process process, Path script, int port) {
        this.process = process;
        this.script = script;
        this.port = port;
    }

    static PythonEcho start() throws Exception {
        Path script = Files.createTempFile("strand-ws-bench-", ".py");
        Files.writeString(script, SCRIPT);
        Process p = new ProcessBuilder("/usr/bin/python3", "-u", script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            p.destroyForcibly();
            throw new IllegalStateException("python3-websockets echo server did not start (is python3-websockets installed?)");
        }
        return new PythonEcho(p, script, Integer.parseInt(line.strip()));
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(script);
    }
}
