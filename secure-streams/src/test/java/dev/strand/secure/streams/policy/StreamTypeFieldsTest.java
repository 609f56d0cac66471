package dev.strand.secure.streams.policy;

import dev.strand.core.net.retry.RetryPolicy;
import dev.strand.core.net.sss.SssWire;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every streamtype key is read as lws reads it, and an absent key takes lws's default. */
class StreamTypeFieldsTest {

    private static final String PRELUDE = """
            {"retry": [{"std": {"backoff": [100]}}],
             "auth": [{"name": "sig", "type": "sigv4", "blob": 2}],
             "s": [{"other": {"endpoint": "other.example", "port": 1}},
                   {"st": {"endpoint": "h.example", "port": 443, %s}}]}""";

    private static StreamType load(String keys) throws PolicyException {
        return PolicyLoader.load(PRELUDE.formatted(keys)).streamType("st").orElseThrow();
    }

    private static Arguments field(String json, Function<StreamType, Object> accessor, Object expected) {
        return Arguments.of(json, accessor, expected);
    }

    static Stream<Arguments> fields() {
        List<Arguments> a = new ArrayList<>(List.of(
                field("\"protocol\": \"h2\"", StreamType::protocol, Protocol.H2),
                field("\"protocol\": \"h3\"", StreamType::protocol, Protocol.H3),
                field("\"protocol\": \"ws\"", StreamType::protocol, Protocol.WS),
                field("\"protocol\": \"mqtt\"", StreamType::protocol, Protocol.MQTT),
                field("\"protocol\": \"raw\"", StreamType::protocol, Protocol.RAW),
                field("\"tls\": true", StreamType::tls, true),
                field("\"tls\": false", StreamType::tls, false),
                field("\"client_cert\": 0", StreamType::clientCert, OptionalInt.of(0)),
                field("\"client_cert\": 3", StreamType::clientCert, OptionalInt.of(3)),
                field("\"retry\": \"std\"", s -> s.retry().name(), "std"),
                field("\"timeout_ms\": 8000", StreamType::timeoutMs, 8000),
                field("\"rideshare\": \"other\"", StreamType::rideshare, Optional.of("other")),
                field("\"payload_fmt\": \"json\"", StreamType::payloadFormat, Optional.of("json")),
                field("\"via-socks5\": \"127.0.0.1:1080\"", StreamType::viaSocks5, Optional.of("127.0.0.1:1080")),
                field("\"plugins\": [\"a\", \"b\"]", StreamType::plugins, List.of("a", "b")),
                field("\"attr_priority\": 6", StreamType::priority, 6),
                field("\"use_auth\": \"sig\"", s -> s.auth().map(AuthScheme::type), Optional.of(Optional.of("sigv4"))),
                field("\"metadata\": [{\"r\": \"\"}], \"aws_region\": \"r\"", StreamType::awsRegion, Optional.of("r")),
                field("\"metadata\": [{\"v\": \"\"}], \"aws_service\": \"v\"", StreamType::awsService, Optional.of("v")),

                field("\"http_method\": \"PATCH\"", s -> s.http().method(), Optional.of("PATCH")),
                field("\"http_url\": \"v1/x\"", s -> s.http().url().map(Template::text), Optional.of("v1/x")),
                field("\"http_expect\": 204", s -> s.http().expect(), OptionalInt.of(204)),
                field("\"http_resp_map\": [{\"429\": 1429}, {\"507\": 1507, \"530\": 1530}]",
                        s -> s.http().responseMap(), Map.of(429, 1429, 507, 1507, 530, 1530)),
                field("\"http_fail_redirect\": true", s -> s.http().failRedirect(), true),
                field("\"http_auth_header\": \"authorization:\"", s -> s.http().authHeader(), Optional.of("authorization:")),
                field("\"http_dsn_header\": \"x-dsn:\"", s -> s.http().dsnHeader(), Optional.of("x-dsn:")),
                field("\"http_fwv_header\": \"x-fwv:\"", s -> s.http().fwvHeader(), Optional.of("x-fwv:")),
                field("\"http_devtype_header\": \"x-dt:\"", s -> s.http().devtypeHeader(), Optional.of("x-dt:")),
                field("\"http_auth_preamble\": \"Bearer \"", s -> s.http().authPreamble(), Optional.of("Bearer ")),
                field("\"http_multipart_name\": \"text\"", s -> s.http().multipartName(), Optional.of("text")),
                field("\"http_multipart_filename\": \"a.txt\"", s -> s.http().multipartFilename(), Optional.of("a.txt")),
                field("\"http_mime_content_type\": \"text/plain\"", s -> s.http().mimeContentType(),
                        Optional.of("text/plain")),
                field("\"http_multipart_name\": \"text\"", s -> s.http().multipart(), true),

                field("\"protocol\": \"ws\", \"ws_subprotocol\": \"lws-echo\"", s -> s.ws().subprotocol(),
                        Optional.of("lws-echo")),
                field("\"ws_binary\": true", s -> s.ws().binary(), true),

                field("\"mqtt_topic\": \"dev/${id}\", \"metadata\": [{\"id\": \"\"}]",
                        s -> s.mqtt().topic().map(Template::text), Optional.of("dev/${id}")),
                field("\"mqtt_subscribe\": \"cmd/#\"", s -> s.mqtt().subscribe().map(Template::text), Optional.of("cmd/#")),
                field("\"mqtt_qos\": 1", s -> s.mqtt().qos(), 1),
                field("\"mqtt_retain\": true", s -> s.mqtt().retain(), true),
                field("\"mqtt_keep_alive\": 60", s -> s.mqtt().keepAlive(), 60),
                field("\"mqtt_clean_start\": true", s -> s.mqtt().cleanStart(), true),
                field("\"mqtt_will_topic\": \"w\"", s -> s.mqtt().willTopic().map(Template::text), Optional.of("w")),
                field("\"mqtt_will_message\": \"gone\"", s -> s.mqtt().willMessage().map(Template::text), Optional.of("gone")),
                field("\"mqtt_will_qos\": 2", s -> s.mqtt().willQos(), 2),
                field("\"mqtt_will_retain\": true", s -> s.mqtt().willRetain(), true),
                field("\"mqtt_birth_topic\": \"b\"", s -> s.mqtt().birthTopic().map(Template::text), Optional.of("b")),
                field("\"mqtt_birth_message\": \"hi\"", s -> s.mqtt().birthMessage().map(Template::text), Optional.of("hi")),
                field("\"mqtt_birth_qos\": 1", s -> s.mqtt().birthQos(), 1),
                field("\"mqtt_birth_retain\": true", s -> s.mqtt().birthRetain(), true),
                field("\"aws_iot\": true", s -> s.mqtt().awsIot(), true),

                field("\"server\": true, \"options\": [{\"a\": \"1\"}, {\"b\": \"2\"}]",
                        s -> s.serverSettings().options(), Map.of("a", "1", "b", "2")),

                field("\"proxy_buflen\": 131072", s -> s.buffers().proxyBuflen(), 131072),
                field("\"proxy_buflen\": 131072", s -> s.buffers().effectiveProxyBuflen(), 131072),
                field("\"proxy_buflen_rxflow_on_above\": 98304", s -> s.buffers().proxyRxflowOnAbove(), 98304),
                field("\"proxy_buflen_rxflow_off_below\": 32768", s -> s.buffers().proxyRxflowOffBelow(), 32768),
                field("\"client_buflen\": 4096", s -> s.buffers().clientBuflen(), 4096),
                field("\"client_buflen_rxflow_on_above\": 10", s -> s.buffers().clientRxflowOnAbove(), 10),
                field("\"client_buflen_rxflow_off_below\": 5", s -> s.buffers().clientRxflowOffBelow(), 5)));
        for (StreamFlag flag : StreamFlag.values()) {
            a.add(field("\"" + flag.key() + "\": true", s -> s.flags(), EnumSet.of(flag)));
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void eachKeyIsReadAsLwsReadsIt(String json, Function<StreamType, Object> accessor, Object expected)
            throws PolicyException {
        assertEquals(expected, accessor.apply(load(json)));
    }

    @Test
    void endpointAndPortAreKept() throws PolicyException {
        StreamType st = load("\"protocol\": \"raw\"");
        assertEquals("h.example", st.endpoint().orElseThrow().text());
        assertEquals(443, st.port());
    }

    @Test
    void metadataKeepsPolicyOrderAndIndexesByName() throws PolicyException {
        StreamType st = load("\"metadata\": [{\"devid\": \"\"}, {\"etag\": \"etag:\", \"ctype\": \"content-type:\"}]");
        assertEquals(List.of("devid", "etag", "ctype"), st.metadata().stream().map(MetadataItem::name).toList());
        assertEquals(2, st.metadataIndex("ctype"));
        assertEquals(-1, st.metadataIndex("cty"));
        assertEquals(Optional.of("content-type"), st.metadata("ctype").orElseThrow().httpHeaderName());
        assertEquals(Optional.empty(), st.metadata("devid").orElseThrow().httpHeaderName());
    }

    @ParameterizedTest
    @EnumSource(StreamFlag.class)
    void aFlagSetToFalseIsTheSameAsLeavingItOut(StreamFlag flag) throws PolicyException {
        assertFalse(load("\"" + flag.key() + "\": false").has(flag));
    }

    @Test
    void absentKeysTakeLwsZeroFilledDefaults() throws PolicyException {
        StreamType st = PolicyLoader.load("{\"s\": [{\"bare\": {}}]}").streamType("bare").orElseThrow();
        assertEquals(Protocol.H1, st.protocol());
        assertEquals(0, st.port());
        assertFalse(st.tls());
        assertEquals(Optional.empty(), st.trustStore());
        assertEquals(RetryPolicy.NONE, st.retry(), "no retry scheme: give up after the first failure");
        assertEquals(0, st.timeoutMs());
        assertEquals(OptionalInt.empty(), st.clientCert());
        assertEquals(Set.of(), st.flags());
        assertEquals(List.of(), st.metadata());
        assertEquals(Optional.empty(), st.endpoint());
        assertEquals(Optional.empty(), st.http().method());
        assertEquals(OptionalInt.empty(), st.http().expect());
        assertTrue(st.http().isSuccess(200) && st.http().isSuccess(299) && !st.http().isSuccess(300),
                "without http_expect any 2xx is success");
        assertFalse(st.ws().binary(), "text frames by default");
        assertEquals(SssWire.DEFAULT_PROXY_BUFLEN, st.buffers().effectiveProxyBuflen());
        assertEquals(0, st.buffers().clientBuflen(), "0 lets the client pick");
        assertFalse(st.buffers().proxyRxflow());
        assertEquals(0, st.priority());
    }

    @Test
    void httpExpectMakesOneStatusTheOnlySuccessAndTheResponseMapGivesStates() throws PolicyException {
        StreamType st = load("\"http_expect\": 202, \"http_resp_map\": [{\"429\": 1429}]");
        assertTrue(st.http().isSuccess(202));
        assertFalse(st.http().isSuccess(200));
        assertEquals(OptionalInt.of(1429), st.http().mappedState(429));
        assertEquals(OptionalInt.empty(), st.http().mappedState(500));
    }
}
