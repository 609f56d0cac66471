package dev.strand.secure.streams.proxy;

import static dev.strand.api.ss.StreamState.ALL_RETRIES_FAILED;
import static dev.strand.api.ss.StreamState.CONNECTED;
import static dev.strand.api.ss.StreamState.CONNECTING;
import static dev.strand.api.ss.StreamState.CREATING;
import static dev.strand.api.ss.StreamState.DISCONNECTED;
import static dev.strand.api.ss.StreamState.POLL;
import static dev.strand.api.ss.StreamState.QOS_ACK_REMOTE;
import static dev.strand.api.ss.StreamState.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.core.net.sss.SsProxyClient;
import dev.strand.secure.streams.local.OnwardEngines;
import dev.strand.testing.nginx.Nginx;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Secure Streams on top of the connection queueing ({@code spec/queueing.md} §2.4), through the
 * real proxy over real sockets. The proxy runs its links on one loop here, so that every stream
 * uses one connection engine (engines are per loop: streams on the same loop share pools).
 */
class SecureStreamsQueueingTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    /**
     * E61: two SS h2 streams with the same endpoint and policy trust store ride one h2 connection
     * once it is up. Against a real nginx speaking h2 over TLS (ALPN), trusted through the policy's
     * trust store: a first stream brings the connection up, then two more run at once; nginx's
     * log shows every request on the same connection.
     */
    @Test
    void e61H2StreamsToOneEndpointAndTrustStoreShareOneConnectionOnceItIsUp() throws Exception {
        try (Nginx nginx = Nginx.start(List.of(new Nginx.Server("h2", "ssl http2", "")))) {
            String json = "{ " + OriginPki.trustStore("nginx", nginx.ca())
                    + " \"s\": [ { \"h2get\": { \"endpoint\": \"127.0.0.1\", \"port\": " + nginx.port("h2") + ","
                    + " \"protocol\": \"h2\", \"tls\": true, \"tls_trust_store\": \"nginx\", \"http_method\": \"GET\","
                    + " \"http_url\": \"r/e61\", \"opportunistic\": true } } ] }";
            try (HttpBed bed = new HttpBed(Via.ABSTRACT_UDS, json, true, OnwardEngines.DEFAULT_CONFIG)) {
                SsProxyClient client = bed.client();
                HttpApp first = new HttpApp();
                bed.open(client, "h2get", first);
                assertTrue(SocketPeer.await(() -> first.saw(DISCONNECTED), LIMIT), () -> first.states().toString());
                HttpApp second = new HttpApp();
                HttpApp third = new HttpApp();
                bed.open(client, "h2get", second);
                bed.open(client, "h2get", third);
                assertTrue(SocketPeer.await(() -> second.saw(DISCONNECTED) && third.saw(DISCONNECTED), LIMIT),
                        () -> second.states() + " / " + third.states());
                for (HttpApp app : List.of(first, second, third)) {
                    assertEquals(List.of(CREATING, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), app.states());
                    assertEquals("/r/e61", app.rx(), "nginx's answer: the request URI, one leading slash for h2 too");
                }
                List<String> log = nginx.accessLog();
                assertEquals(3, log.size(), log.toString());
                Set<String> connections = log.stream().map(l -> l.split(" ")[0]).collect(Collectors.toSet());
                assertEquals(1, connections.size(), "one h2 connection carried all three: " + log);
                client.close();
            }
        }
    }

    /**
     * E62: exchanges parked behind a leader whose connection fails get the streamtype's backoff
     * retry, each on its own, rather than dying with the leader (lws's parked requests get CLOSED
     * and SS retries them). One connection per key: the second stream's exchange waits while the
     * first one's connection is tried; the origin hangs up on every request. Both streams report
     * UNREACHABLE, retry after their backoff (POLL, CONNECTING) and end in ALL_RETRIES_FAILED.
     */
    @Test
    void e62StreamsParkedBehindAFailingLeaderRetryOnTheirOwnBackoff() throws Exception {
        try (HttpOrigin origin = HttpOrigin.plain(r -> HttpOrigin.Reply.hangUp())) {
            String json = "{ \"retry\": [ { \"twice\": { \"backoff\": [200], \"conceal\": 2, \"jitterpc\": 1 } } ],"
                    + " \"s\": [ { \"leader\": { \"endpoint\": \"127.0.0.1\", \"port\": " + origin.port() + ","
                    + " \"protocol\": \"h1\", \"http_method\": \"GET\", \"http_url\": \"lead\", \"nailed_up\": true,"
                    + " \"retry\": \"twice\" } } ] }";
            try (HttpBed bed = new HttpBed(Via.TCP, json, true, OnwardEngines.DEFAULT_CONFIG.withMaxConnectionsPerKey(1))) {
                SsProxyClient client = bed.client();
                HttpApp a = new HttpApp();
                HttpApp b = new HttpApp();
                bed.open(client, "leader", a);
                bed.open(client, "leader", b);
                assertTrue(SocketPeer.await(() -> a.saw(ALL_RETRIES_FAILED) && b.saw(ALL_RETRIES_FAILED), LIMIT),
                        () -> a.states() + " / " + b.states());
                List<Object> expected = List.of(CREATING, CONNECTING, UNREACHABLE, POLL, CONNECTING, UNREACHABLE, POLL,
                        CONNECTING, UNREACHABLE, ALL_RETRIES_FAILED);
                assertEquals(expected, List.copyOf(a.states()));
                assertEquals(expected, List.copyOf(b.states()));
                assertEquals(1, origin.mostAtOnce.get(), "one connection at a time: the second stream was parked");
                client.close();
            }
        }
    }

    /**
     * E63: a close from a connection that no longer carries the stream is ignored. A redirect
     * moves the stream's transaction to a new exchange; the first one's connection is then
     * dropped (the proxy abandons it), and the stream sees only its final response.
     */
    @Test
    void e63ACloseFromAConnectionTheStreamNoLongerUsesIsIgnored() throws Exception {
        try (HttpOrigin origin = HttpOrigin.plain(r -> r.target().equals("/from")
                ? new HttpOrigin.Reply(302, List.<String[]>of(new String[] {"Location", "/to"}), new byte[100_000], 0, 0)
                : HttpOrigin.Reply.of(200, "arrived"))) {
            String json = "{ \"s\": [ { \"redir\": { \"endpoint\": \"127.0.0.1\", \"port\": " + origin.port() + ","
                    + " \"protocol\": \"h1\", \"http_method\": \"GET\", \"http_url\": \"from\", \"allow_redirects\": true,"
                    + " \"opportunistic\": true } } ] }";
            try (HttpBed bed = new HttpBed(Via.ABSTRACT_UDS, json, true, OnwardEngines.DEFAULT_CONFIG)) {
                SsProxyClient client = bed.client();
                HttpApp app = new HttpApp();
                bed.open(client, "redir", app);
                assertTrue(SocketPeer.await(() -> app.saw(DISCONNECTED), LIMIT), () -> app.states().toString());
                Thread.sleep(200);
                assertEquals(List.of(CREATING, CONNECTING, CONNECTED, QOS_ACK_REMOTE, DISCONNECTED), app.states());
                assertEquals("arrived", app.rx());
                assertEquals(List.of("/from", "/to"), origin.requests.stream().map(HttpOrigin.Request::target).toList());
                client.close();
            }
        }
    }
}
