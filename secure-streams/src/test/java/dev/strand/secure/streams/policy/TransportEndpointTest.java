package dev.strand.secure.streams.policy;

import static dev.strand.secure.streams.policy.PolicyAssertions.assertPointsAt;
import static dev.strand.secure.streams.policy.PolicyAssertions.loadFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Strand's policy extension {@code strand_transport_endpoint}: a raw streamtype connects onward to
 * any Strand endpoint, through the transport that serves its scheme, in place of {@code endpoint}
 * and {@code port}; lws ignores the key.
 */
class TransportEndpointTest {

    private static Policy load(String keys) throws PolicyException {
        return PolicyLoader.load("{\"s\": [{\"st\": {" + keys + "}}]}");
    }

    @Test
    void anExecEndpointIsTheOnwardTargetOfARawStreamtype() throws PolicyException {
        Policy p = load("\"protocol\": \"raw\", \"strand_transport_endpoint\": \"exec:ssh gw nc origin 80\"");
        StreamType st = p.streamType("st").orElseThrow();
        assertEquals(Optional.of(Endpoint.parse("exec:ssh gw nc origin 80")), st.transportEndpoint());
        ConnectTarget t = st.connectTarget(n -> null);
        assertEquals(ConnectTarget.Kind.TRANSPORT, t.kind());
        assertEquals("exec", t.endpoint().scheme());
        assertEquals("ssh gw nc origin 80", t.endpoint().address());
        assertFalse(t.tls());
        assertEquals(Optional.empty(), t.tlsOptions());
        assertEquals(List.of(), p.warnings(), "the key is known, not reported as unknown");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mem:echo", "unix:/tmp/origin.sock", "@origin", "tcp:127.0.0.1:9", "127.0.0.1:9",
        "uart:/dev/ttyUSB0?baud=115200", "mux+tcp:127.0.0.1:7682"})
    void everyEndpointOfTheStrandGrammarIsAccepted(String endpoint) throws PolicyException {
        ConnectTarget t = load("\"protocol\": \"raw\", \"strand_transport_endpoint\": \"" + endpoint + "\"")
                .streamType("st").orElseThrow().connectTarget(n -> null);
        assertEquals(Endpoint.parse(endpoint), t.endpoint());
    }

    @Test
    void aStreamtypeWithoutTheKeyHasNoTransportEndpoint() throws PolicyException {
        assertEquals(Optional.empty(), load("\"endpoint\": \"h.example\"").streamType("st").orElseThrow()
                .transportEndpoint());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "exec:           | has an empty address",
        "no endpoint     | is neither @name, /path, host:port nor scheme:address",
        "tcp:host:99999  | outside 0..65535",
        "unix:relative   | a Unix socket is @name (abstract) or /path",
    })
    void aValueThatIsNotAnEndpointIsRefusedNamingTheStreamtypeAndTheValue(String bad, String why) {
        String json = "{\"s\": [{\"viaexec\": {\"protocol\": \"raw\", \"strand_transport_endpoint\": \"" + bad + "\"}}]}";
        assertPointsAt(loadFails(json), json, "\"" + bad + "\"", "s[0].viaexec.strand_transport_endpoint",
                "streamtype \"viaexec\"", "strand_transport_endpoint \"" + bad + "\" is not a Strand endpoint", why);
    }

    @Test
    void aValueThatIsNotAStringIsRefused() {
        String json = "{\"s\": [{\"st\": {\"protocol\": \"raw\", \"strand_transport_endpoint\": 7}}]}";
        assertPointsAt(loadFails(json), json, "7", "s[0].st.strand_transport_endpoint", "a Strand endpoint",
                "exec:COMMAND");
    }

    @ParameterizedTest(name = "with {0}")
    @CsvSource(delimiter = '|', value = {
        "endpoint | \"endpoint\": \"h.example\"",
        "port     | \"port\": 80",
    })
    void itReplacesEndpointAndPortSoTheyCannotBeGivenToo(String key, String keyValue) {
        String json = "{\"s\": [{\"st\": {\"protocol\": \"raw\", \"strand_transport_endpoint\": \"exec:cat\", "
                + keyValue + "}}]}";
        assertPointsAt(loadFails(json), json, "\"" + key + "\"", "s[0].st." + key,
                "streamtype \"st\" has strand_transport_endpoint \"exec:cat\" and \"" + key + "\"",
                "give one or the other");
    }

    @Test
    void tlsOverItIsRefused() {
        String json = "{\"s\": [{\"st\": {\"protocol\": \"raw\", \"strand_transport_endpoint\": \"exec:cat\","
                + " \"tls\": true}}]}";
        assertPointsAt(loadFails(json), json, "\"tls\"", "s[0].st.tls", "streamtype \"st\"", "\"tls\": true",
                "TLS does not run over a strand_transport_endpoint");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2", "ws", "mqtt"})
    void itCarriesOnlyTheRawProtocol(String protocol) {
        String json = "{\"s\": [{\"st\": {\"protocol\": \"" + protocol + "\", \"strand_transport_endpoint\":"
                + " \"exec:cat\"}}]}";
        assertPointsAt(loadFails(json), json, "\"strand_transport_endpoint\"", "s[0].st.strand_transport_endpoint",
                "but protocol \"" + protocol + "\"", "carries protocol \"raw\" only");
    }

    @Test
    void aServerStreamtypeCannotHaveIt() {
        String json = "{\"s\": [{\"st\": {\"protocol\": \"raw\", \"server\": true, \"strand_transport_endpoint\":"
                + " \"exec:cat\"}}]}";
        assertPointsAt(loadFails(json), json, "\"strand_transport_endpoint\"", "s[0].st.strand_transport_endpoint",
                "is a server");
    }

    @Test
    void aMistypedKeyIsReportedWithTheExtensionAsTheLikelyKey() throws PolicyException {
        Policy p = load("\"protocol\": \"raw\", \"strand_transport_endpiont\": \"exec:cat\"");
        assertEquals(1, p.warnings().size(), p.warnings().toString());
        assertTrue(p.warnings().get(0).message().contains("did you mean \"strand_transport_endpoint\"?"),
                p.warnings().get(0).message());
    }
}
