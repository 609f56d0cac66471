package dev.strand.conformance;

import dev.strand.api.Loop;
import dev.strand.secure.streams.policy.Policy;
import dev.strand.secure.streams.policy.PolicyLoader;
import dev.strand.testing.nginx.Nginx;
import dev.strand.transport.wsi.NettyLoopGroup;
import dev.strand.transport.wsi.WsiTransport;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every case shares, made once per test run: the origins (raw TCP echo, protocol-ws's echo
 * server, python3-websockets' echo, nginx, a closed port), the policy that points at them, the
 * application's loop, and one {@link Bed} per placement, started when first asked for. Closed
 * when the run ends.
 *
 * <p>The policy's streamtypes: {@code raw-echo} (metadata {@code tag}, {@code timeout_ms} 300),
 * {@code raw-nailed}, {@code raw-lazy} (opportunistic), {@code raw-down} (a closed port, retry
 * {@code short}: 50 ms twice, then ALL_RETRIES_FAILED); {@code ws-echo} (binary, path
 * {@code /echo/${room}}, subprotocol {@code lws-conformance}), {@code ws-text}, {@code ws-frag}
 * (the origin answers in three fragments), {@code ws-nailed}, {@code ws-lazy} (opportunistic),
 * {@code ws-python} (python3-websockets), {@code wss-python} (its TLS listener, trusted through the
 * policy's trust store {@code run}), {@code wss-untrusted} (the same without the trust store, so
 * the JDK's CAs refuse it; retry {@code short}); {@code h1-get} (GET {@code /r/${path}} from a real
 * nginx, which answers with the request URI; {@code srv} and {@code ctype} map response headers),
 * {@code h2-get} (the same over h2 with TLS and ALPN from nginx's TLS server, trusted through the
 * policy's trust store {@code nginx}),
 * {@code h1-missing} (a 404), {@code h1-post} (POST to nginx's {@code /echo}); all three
 * opportunistic. Retry {@code quick} is 100 then 200 ms, 10 concealed.
 */
final class Conformance implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    final WsiTransport wsi = new WsiTransport();
    private final NettyLoopGroup originLoops = NettyLoopGroup.create("conformance-origin", 1);
    private final NettyLoopGroup appLoops = NettyLoopGroup.create("conformance-app", 1);
    /** The loop every application stream of the suite runs on. */
    final Loop loop = appLoops.next();
    final RawEcho raw;
    final WsOrigin ws;
    final PythonWsEcho python;
    final Nginx nginx;
    final Policy policy;
    private final Map<Placement, Bed> beds = new EnumMap<>(Placement.class);

    private Conformance() throws Exception {
        raw = new RawEcho(wsi, originLoops);
        ws = new WsOrigin(wsi, originLoops);
        python = new PythonWsEcho();
        nginx = Nginx.start(List.of(new Nginx.Server("plain", "", ""), new Nginx.Server("h2", "ssl http2", "")));
        policy = PolicyLoader.load(policyJson(raw.port(), ws.port(), python, nginx, closedPort()));
    }

    static Conformance start() {
        try {
            return new Conformance();
        } catch (Exception e) {
            throw new IllegalStateException("the conformance suite's origins did not start", e);
        }
    }

    /** The placement's secure streams, started on first use. */
    synchronized Bed bed(Placement placement) {
        return beds.computeIfAbsent(placement, p -> {
            try {
                return Bed.start(p, policy, wsi);
            } catch (Exception e) {
                throw new IllegalStateException("placement " + p + " did not start", e);
            }
        });
    }

    private static String policyJson(int rawPort, int wsPort, PythonWsEcho python, Nginx nginx, int closedPort)
            throws Exception {
        String raw = "\"endpoint\": \"127.0.0.1\", \"port\": " + rawPort + ", \"protocol\": \"raw\"";
        String down = "\"endpoint\": \"127.0.0.1\", \"port\": " + closedPort + ", \"protocol\": \"raw\"";
        String ws = "\"endpoint\": \"127.0.0.1\", \"port\": " + wsPort + ", \"protocol\": \"ws\"";
        String py = "\"endpoint\": \"127.0.0.1\", \"port\": " + python.port + ", \"protocol\": \"ws\"";
        String h1 = "\"endpoint\": \"127.0.0.1\", \"port\": " + nginx.port("plain") + ", \"protocol\": \"h1\","
                + " \"opportunistic\": true, \"retry\": \"quick\"";
        String h2 = "\"endpoint\": \"127.0.0.1\", \"port\": " + nginx.port("h2") + ", \"protocol\": \"h2\","
                + " \"tls\": true, \"tls_trust_store\": \"nginx\", \"opportunistic\": true, \"retry\": \"quick\"";
        String nginxCa = Base64.getEncoder().encodeToString(nginx.ca().getCertificate().getEncoded());
        String wss = "\"endpoint\": \"localhost\", \"port\": " + python.tlsPort + ", \"protocol\": \"ws\", \"tls\": true";
        return "{ \"certs\": [ { \"run_ca\": \"" + python.caBase64Der() + "\" }, { \"nginx_ca\": \"" + nginxCa + "\" } ],\n"
                + "  \"trust_stores\": [ { \"name\": \"run\", \"stack\": [ \"run_ca\" ] },"
                + " { \"name\": \"nginx\", \"stack\": [ \"nginx_ca\" ] } ],\n"
                + "  \"retry\": [\n"
                + "  { \"quick\": { \"backoff\": [100, 200], \"conceal\": 10, \"jitterpc\": 1 } },\n"
                + "  { \"short\": { \"backoff\": [50, 50], \"conceal\": 2, \"jitterpc\": 1 } } ],\n"
                + "  \"s\": [\n"
                + "  { \"raw-echo\": { " + raw + ", \"retry\": \"quick\", \"metadata\": [ { \"tag\": \"\" } ],"
                + " \"timeout_ms\": 300 } },\n"
                + "  { \"raw-nailed\": { " + raw + ", \"retry\": \"quick\", \"nailed_up\": true } },\n"
                + "  { \"raw-lazy\": { " + raw + ", \"retry\": \"quick\", \"opportunistic\": true } },\n"
                + "  { \"raw-down\": { " + down + ", \"retry\": \"short\" } },\n"
                + "  { \"ws-echo\": { " + ws + ", \"http_url\": \"/echo/${room}\", \"metadata\": [ { \"room\": \"\" } ],"
                + " \"ws_binary\": true, \"ws_subprotocol\": \"lws-conformance\", \"retry\": \"quick\" } },\n"
                + "  { \"ws-text\": { " + ws + ", \"http_url\": \"/text\", \"retry\": \"quick\" } },\n"
                + "  { \"ws-frag\": { " + ws + ", \"http_url\": \"/frag\", \"ws_binary\": true, \"retry\": \"quick\" } },\n"
                + "  { \"ws-nailed\": { " + ws + ", \"http_url\": \"/nailed\", \"ws_binary\": true, \"nailed_up\": true,"
                + " \"retry\": \"quick\" } },\n"
                + "  { \"ws-lazy\": { " + ws + ", \"http_url\": \"/lazy\", \"ws_binary\": true, \"opportunistic\": true,"
                + " \"retry\": \"quick\" } },\n"
                + "  { \"ws-python\": { " + py + ", \"ws_binary\": true, \"retry\": \"quick\" } },\n"
                + "  { \"wss-python\": { " + wss + ", \"tls_trust_store\": \"run\", \"ws_binary\": true,"
                + " \"retry\": \"quick\" } },\n"
                + "  { \"wss-untrusted\": { " + wss + ", \"ws_binary\": true, \"retry\": \"short\" } },\n"
                + "  { \"h1-get\": { " + h1 + ", \"http_method\": \"GET\", \"http_url\": \"/r/${path}\","
                + " \"metadata\": [ { \"path\": \"\" }, { \"srv\": \"server:\" }, { \"ctype\": \"content-type:\" } ] } },\n"
                + "  { \"h2-get\": { " + h2 + ", \"http_method\": \"GET\", \"http_url\": \"/r/${path}\","
                + " \"metadata\": [ { \"path\": \"\" }, { \"srv\": \"server:\" }, { \"ctype\": \"content-type:\" } ] } },\n"
                + "  { \"h1-missing\": { " + h1 + ", \"http_method\": \"GET\", \"http_url\": \"/nowhere\" } },\n"
                + "  { \"h1-post\": { " + h1 + ", \"http_method\": \"POST\", \"http_url\": \"/echo\","
                + " \"metadata\": [ { \"ctype\": \"content-type:\" } ] } }\n"
                + "  ] }";
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public synchronized void close() throws Exception {
        for (Bed b : beds.values()) {
            b.close();
        }
        beds.clear();
        raw.close();
        ws.close();
        python.close();
        nginx.close();
        Thread.sleep(100);
        appLoops.close();
        originLoops.close();
    }
}
