package dev.strand.secure.streams.policy;

import static dev.strand.secure.streams.policy.PolicyAssertions.assertPointsAt;
import static dev.strand.secure.streams.policy.PolicyAssertions.loadFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.TlsOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where a streamtype connects: the endpoint forms lws accepts (host, URL, Unix socket, file), with
 * {@code ${meta}} substituted at connect time, and one request-path rule for every protocol.
 */
class ConnectTargetTest {

    private static StreamType streamType(String keys) throws PolicyException {
        return PolicyLoader.load("{\"s\": [{\"st\": {" + keys + "}}]}").streamType("st").orElseThrow();
    }

    private static ConnectTarget target(String keys) throws PolicyException {
        return streamType(keys).connectTarget(n -> null);
    }

    @Test
    void aPlainHostUsesThePolicyPortAndTls() throws PolicyException {
        ConnectTarget t = target("\"endpoint\": \"status.example.net\", \"port\": 443, \"tls\": true,"
                + " \"http_url\": \"v1/status\"");
        assertEquals(ConnectTarget.Kind.TCP, t.kind());
        assertEquals("status.example.net", t.address());
        assertEquals(443, t.port());
        assertTrue(t.tls());
        assertEquals("/v1/status", t.path());
        assertEquals(Endpoint.parse("tcp:status.example.net:443"), t.endpoint());
    }

    @ParameterizedTest(name = "{0} with tls={1} port={2}")
    @CsvSource({
        "https://api.example:4443/x/y, false, 80,  api.example, 4443, true,  /x/y",
        "https://api.example,          false, 80,  api.example, 443,  true,  /",
        "wss://feed.example/stream,    false, 0,   feed.example, 443, true,  /stream",
        "http://127.0.0.1:8080/a?b=c,  true,  443, 127.0.0.1,   8080, false, /a?b=c",
        "ws://127.0.0.1/,              true,  443, 127.0.0.1,   80,   false, /",
        "mqtt://broker.example,        true,  8883, broker.example, 8883, false, /",
        "http://[::1]:81/p,            false, 0,   ::1,         81,   false, /p",
    })
    void aUrlEndpointOverridesTlsHostPortAndPath(String url, boolean tls, int port, String host, int wantPort,
                                                 boolean wantTls, String wantPath) throws PolicyException {
        ConnectTarget t = target("\"endpoint\": \"" + url + "\", \"tls\": " + tls + ", \"port\": " + port
                + ", \"http_url\": \"policy/path\"");
        assertEquals(host, t.address());
        assertEquals(wantPort, t.port());
        assertEquals(wantTls, t.tls());
        assertEquals(wantPath, t.path());
    }

    @Test
    void hostColonPortOverridesThePortButKeepsHttpUrl() throws PolicyException {
        ConnectTarget t = target("\"endpoint\": \"127.0.0.1:18080\", \"port\": 1, \"http_url\": \"index.html\"");
        assertEquals(18080, t.port());
        assertEquals("/index.html", t.path(), "lws would drop http_url here and ask for /");
    }

    @Test
    void anIpv6TargetBracketsItsTransportEndpoint() throws PolicyException {
        assertEquals(Endpoint.parse("tcp:[::1]:81"), target("\"endpoint\": \"http://[::1]:81/\"").endpoint());
    }

    @ParameterizedTest
    @CsvSource({"+/tmp/origin.sock, /tmp/origin.sock", "+@origin.ss, @origin.ss"})
    void plusMeansAUnixSocket(String endpoint, String socket) throws PolicyException {
        ConnectTarget t = target("\"endpoint\": \"" + endpoint + "\", \"http_url\": \"x\"");
        assertEquals(ConnectTarget.Kind.UNIX, t.kind());
        assertEquals(socket, t.address());
        assertEquals(Endpoint.parse("unix:" + socket), t.endpoint());
        assertEquals("/x", t.path());
    }

    @Test
    void aUrlMayNameAUnixSocket() throws PolicyException {
        ConnectTarget t = target("\"endpoint\": \"http://+@origin:0/hello.html\", \"tls\": true");
        assertEquals(ConnectTarget.Kind.UNIX, t.kind());
        assertEquals("@origin", t.address());
        assertFalse(t.tls());
        assertEquals("/hello.html", t.path());
    }

    @Test
    void aFileEndpointIsReadAsRx() throws PolicyException {
        ConnectTarget t = target("\"endpoint\": \"file:///etc/hostname\"");
        assertEquals(ConnectTarget.Kind.FILE, t.kind());
        assertEquals("/etc/hostname", t.address());
        assertThrows(IllegalStateException.class, t::endpoint);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void theRequestPathHasExactlyOneLeadingSlashForEveryProtocol(Protocol protocol) throws PolicyException {
        String proto = "\"protocol\": \"" + protocol.policyName() + "\", \"endpoint\": \"h.example\"";
        assertEquals("/x", target(proto + ", \"http_url\": \"/x\"").path());
        assertEquals("/x", target(proto + ", \"http_url\": \"x\"").path());
        assertEquals("/", target(proto + ", \"http_url\": \"\"").path());
        assertEquals("/", target(proto).path());
    }

    @Test
    void metadataIsSubstitutedAtConnectTimeAndChangesBetweenConnects() throws PolicyException {
        StreamType st = streamType("\"endpoint\": \"${region}.ingest.example\", \"port\": 443,"
                + " \"http_url\": \"stream?key=${key}\", \"metadata\": [{\"region\": \"\"}, {\"key\": \"\"}]");
        Map<String, String> first = Map.of("region", "eu", "key", "k1");
        Map<String, String> second = Map.of("region", "us", "key", "k2");
        ConnectTarget a = st.connectTarget(first::get);
        ConnectTarget b = st.connectTarget(second::get);
        assertEquals(List.of("eu.ingest.example", "/stream?key=k1"), List.of(a.address(), a.path()));
        assertEquals(List.of("us.ingest.example", "/stream?key=k2"), List.of(b.address(), b.path()));
    }

    @Test
    void declaredButUnsetMetadataExpandsToNothingAsInLws() throws PolicyException {
        StreamType st = streamType("\"endpoint\": \"h.example\", \"http_url\": \"index.html?uptag=${uptag}\","
                + " \"metadata\": [{\"uptag\": \"x-upload-tag:\"}]");
        assertEquals("/index.html?uptag=", st.requestPath(n -> null));
    }

    @Test
    void expandingATemplateWithUndeclaredMetadataNamesIt() throws PolicyException {
        StreamType st = streamType("\"endpoint\": \"h.example\", \"metadata\": [{\"a\": \"\"}]");
        UnknownMetadataException e = assertThrows(UnknownMetadataException.class,
                () -> st.expand(Template.parse("x/${b}"), n -> "v"));
        assertEquals("b", e.metadataName());
        assertTrue(e.getMessage().contains("${b} in \"x/${b}\""), e.getMessage());
    }

    @Test
    void aDynamicEndpointIsCheckedWhenItIsExpanded() throws PolicyException {
        StreamType st = streamType("\"endpoint\": \"${url}\", \"metadata\": [{\"url\": \"\"}]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> st.connectTarget(n -> "gopher://old.example/"));
        assertTrue(e.getMessage().contains("URL scheme \"gopher\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> st.connectTarget(n -> ""));
    }

    @Test
    void aStaticEndpointIsCheckedWhenThePolicyLoads() {
        String json = "{\"s\": [{\"a\": {\"endpoint\": \"https://h.example:99999/\"}}]}";
        assertPointsAt(loadFails(json), json, "\"endpoint\"", "s[0].a.endpoint", "has the port 99999; expected 0..65535");
        String json2 = "{\"s\": [{\"a\": {\"endpoint\": \"+relative.sock\"}}]}";
        assertPointsAt(loadFails(json2), json2, "\"endpoint\"", "s[0].a.endpoint", "+/path (file system) or +@name");
    }

    @Test
    void aStreamtypeWithoutEndpointHasNoTarget() throws PolicyException {
        StreamType st = streamType("\"protocol\": \"raw\"");
        assertThrows(IllegalStateException.class, () -> st.connectTarget(n -> null));
    }

    @Test
    void tlsOptionsCarryTheHostTheAlpnAndTheTrustStore() throws PolicyException {
        Policy p = PolicyLoader.load("{\"certs\": [{\"x1\": \"" + TestCerts.isrgRootX1() + "\"}],\n"
                + " \"trust_stores\": [{\"name\": \"le\", \"stack\": [\"x1\"]}],\n"
                + " \"s\": [{\"a\": {\"endpoint\": \"h.example\", \"port\": 443, \"tls\": true, \"protocol\": \"h2\","
                + " \"tls_trust_store\": \"le\"}}, {\"b\": {\"endpoint\": \"h.example\", \"tls\": true, \"protocol\": \"ws\"}},"
                + " {\"c\": {\"endpoint\": \"h.example\"}}]}");
        TlsOptions a = p.streamType("a").orElseThrow().connectTarget(n -> null).tlsOptions().orElseThrow();
        assertEquals("h.example", a.serverName());
        assertEquals(List.of("h2", "http/1.1"), a.alpn());
        assertEquals(p.trustStores().get("le").pem(), a.trustedCasPem().orElseThrow());
        TlsOptions b = p.streamType("b").orElseThrow().connectTarget(n -> null).tlsOptions().orElseThrow();
        assertTrue(b.trustedCasPem().isEmpty(), "no trust store: the JDK's default CAs");
        assertEquals(List.of("http/1.1"), b.alpn());
        assertTrue(p.streamType("c").orElseThrow().connectTarget(n -> null).tlsOptions().isEmpty());
    }
}
