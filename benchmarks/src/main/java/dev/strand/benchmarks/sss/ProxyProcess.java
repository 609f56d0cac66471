package dev.strand.benchmarks.sss;

import dev.strand.api.Endpoint;
import dev.strand.core.net.raw.RawProtocol;
import dev.strand.core.net.registry.Providers;
import dev.strand.secure.streams.policy.DefaultPolicy;
import dev.strand.secure.streams.proxy.SsProxyServer;
import dev.strand.transport.wsi.WsiResources;
import dev.strand.transport.wsi.WsiTransport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The Strand proxy as the load tool's child process: {@code ProxyProcess ENDPOINT...} serves the
 * embedded default policy on every ENDPOINT ({@code mux+} ones too; Netty loops), prints
 * {@code listening ENDPOINT} with the first, then
 * answers {@code heap} on stdin with {@code heap BYTES} (used heap after a full GC); it exits when
 * stdin ends.
 */
public final class ProxyProcess {

    private ProxyProcess() {
    }

    public static void main(String[] args) throws Exception {
        Providers providers = Providers.empty();
        providers.addTransport(new WsiTransport());
        providers.addProtocol(new RawProtocol());
        SsProxyServer.Builder builder = SsProxyServer.builder(DefaultPolicy.policy());
        for (String endpoint : args) {
            builder.listen(Endpoint.parse(endpoint));
        }
        try (SsProxyServer proxy = builder.providers(providers).loops(WsiResources.sharedLoops()).build()) {
            proxy.start();
            System.out.println("listening " + proxy.listening().get(0));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("heap")) {
                    System.gc();
                    Thread.sleep(200);
                    System.gc();
                    System.out.println("heap " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                }
            }
        }
        WsiResources.shutdown();
    }
}
