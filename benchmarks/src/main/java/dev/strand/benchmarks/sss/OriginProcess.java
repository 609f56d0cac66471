package dev.strand.benchmarks.sss;

import dev.strand.transport.wsi.WsiResources;

/**
 * The load tool's echo origin as a child process of its own ({@code OriginProcess PORT}), so that
 * neither the tool nor the proxy carries its sockets: prints {@code listening}, exits when stdin ends.
 */
public final class OriginProcess {

    private OriginProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (BenchOrigin origin = new BenchOrigin(Integer.parseInt(args[0]))) {
            System.out.println("listening");
            while (System.in.read() >= 0) {
                Thread.onSpinWait();
            }
        }
        WsiResources.shutdown();
    }
}
