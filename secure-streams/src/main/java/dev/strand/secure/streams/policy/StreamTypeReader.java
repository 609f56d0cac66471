package dev.strand.secure.streams.policy;

import com.fasterxml.jackson.core.JsonToken;
import dev.strand.api.Endpoint;
import dev.strand.core.net.sss.SssWire;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the {@code s} section: each streamtype's keys, exactly the ones lws's parser lists
 * (policy-json.c {@code lejp_tokens_policy}), with their types and ranges checked. References to
 * other sections are only recorded here; {@link PolicyLinker} resolves them. Stateless.
 */
final class StreamTypeReader {

    /** Reads one key's value into the draft; the cursor is on the key. */
    @FunctionalInterface
    private interface Field {
        void read(JsonCursor c, StreamTypeDraft d) throws PolicyException;
    }

    /** Keys lws parses and then never uses (spec/secure-streams.md §5.5 item 39, §2.3). */
    static final Map<String, String> INERT = Map.of(
            "urgent_tx", "lws sets a flag for urgent_tx that nothing reads",
            "urgent_rx", "lws sets a flag for urgent_rx that nothing reads",
            "via-socks5", "lws parses a per-streamtype via-socks5 but only applies the top-level one",
            "client_buflen_rxflow_on_above", "lws parses client_buflen_rxflow_on_above but does not wire it up",
            "client_buflen_rxflow_off_below", "lws parses client_buflen_rxflow_off_below but does not wire it up",
            "plugins", "plugins is deprecated; lws HEAD ignores it");

    /**
     * Strand's own streamtype key: the onward connection goes to this Strand endpoint
     * ({@link Endpoint#parse} grammar, e.g. {@code exec:ssh host nc origin 80}) instead of
     * {@code endpoint}/{@code port}. lws does not know it and ignores it.
     */
    static final String TRANSPORT_ENDPOINT = "strand_transport_endpoint";

    private static final int MAX_INT = Integer.MAX_VALUE;
    private static final int MAX_METADATA = 255;
    private static final int MAX_RESPONSE_MAP = 16;

    private static final Map<String, Field> FIELDS = fields();

    private StreamTypeReader() {
    }

    private static Map<String, Field> fields() {
        Map<String, Field> f = new HashMap<>();
        for (StreamFlag flag : StreamFlag.values()) {
            f.put(flag.key(), (c, d) -> {
                if (c.nextBoolean()) {
                    d.flags.add(flag);
                }
            });
        }
        f.put("endpoint", (c, d) -> d.endpoint = template(c, "an endpoint"));
        f.put(TRANSPORT_ENDPOINT, StreamTypeReader::transportEndpoint);
        f.put("port", (c, d) -> d.port = (int) c.nextInteger(0, 65535));
        f.put("protocol", StreamTypeReader::protocol);
        f.put("tls", (c, d) -> d.tls = c.nextBoolean());
        f.put("tls_trust_store", (c, d) -> d.trustStoreName = c.nextString("a trust store name"));
        f.put("client_cert", (c, d) -> d.clientCert = (int) c.nextInteger(0, 254));
        f.put("retry", (c, d) -> d.retryName = c.nextString("a retry scheme name"));
        f.put("timeout_ms", (c, d) -> d.timeoutMs = (int) c.nextInteger(0, MAX_INT));
        f.put("metadata", StreamTypeReader::metadata);
        f.put("rideshare", (c, d) -> d.rideshare = c.nextString("a streamtype name"));
        f.put("payload_fmt", (c, d) -> d.payloadFormat = c.nextString("a payload format name"));
        f.put("via-socks5", (c, d) -> d.viaSocks5 = c.nextString("a socks5 proxy host:port"));
        f.put("plugins", StreamTypeReader::plugins);
        f.put("attr_priority", (c, d) -> d.priority = (int) c.nextInteger(0, 7));
        f.put("use_auth", (c, d) -> d.useAuth = c.nextString("an auth scheme name"));
        f.put("aws_region", (c, d) -> d.awsRegion = c.nextString("the name of a metadata entry"));
        f.put("aws_service", (c, d) -> d.awsService = c.nextString("the name of a metadata entry"));

        f.put("http_method", StreamTypeReader::httpMethod);
        f.put("http_url", (c, d) -> d.httpUrl = template(c, "a URL path"));
        f.put("http_expect", (c, d) -> d.httpExpect = (int) c.nextInteger(100, 999));
        f.put("http_resp_map", StreamTypeReader::responseMap);
        f.put("http_fail_redirect", (c, d) -> d.httpFailRedirect = c.nextBoolean());
        f.put("http_auth_header", (c, d) -> d.httpAuthHeader = c.nextString("an HTTP header name"));
        f.put("http_dsn_header", (c, d) -> d.httpDsnHeader = c.nextString("an HTTP header name"));
        f.put("http_fwv_header", (c, d) -> d.httpFwvHeader = c.nextString("an HTTP header name"));
        f.put("http_devtype_header", (c, d) -> d.httpDevtypeHeader = c.nextString("an HTTP header name"));
        f.put("http_auth_preamble", (c, d) -> d.httpAuthPreamble = c.nextString("text put before the auth token"));
        f.put("http_multipart_name", (c, d) -> d.multipartName = c.nextString("a multipart name"));
        f.put("http_multipart_filename", (c, d) -> d.multipartFilename = c.nextString("a multipart filename"));
        f.put("http_mime_content_type", (c, d) -> d.mimeContentType = c.nextString("a MIME content type"));

        f.put("ws_subprotocol", (c, d) -> d.wsSubprotocol = c.nextString("a WebSocket subprotocol"));
        f.put("ws_binary", (c, d) -> d.wsBinary = c.nextBoolean());

        f.put("mqtt_topic", (c, d) -> d.mqttTopic = template(c, "an MQTT topic"));
        f.put("mqtt_subscribe", (c, d) -> d.mqttSubscribe = template(c, "an MQTT topic filter"));
        f.put("mqtt_qos", (c, d) -> d.mqttQos = (int) c.nextInteger(0, 2));
        f.put("mqtt_retain", (c, d) -> d.mqttRetain = c.nextBoolean());
        f.put("mqtt_keep_alive", (c, d) -> d.mqttKeepAlive = (int) c.nextInteger(0, 65535));
        f.put("mqtt_clean_start", (c, d) -> d.mqttCleanStart = c.nextBoolean());
        f.put("mqtt_will_topic", (c, d) -> d.mqttWillTopic = template(c, "an MQTT topic"));
        f.put("mqtt_will_message", (c, d) -> d.mqttWillMessage = template(c, "an MQTT message"));
        f.put("mqtt_will_qos", (c, d) -> d.mqttWillQos = (int) c.nextInteger(0, 2));
        f.put("mqtt_will_retain", (c, d) -> d.mqttWillRetain = c.nextBoolean());
        f.put("mqtt_birth_topic", (c, d) -> d.mqttBirthTopic = template(c, "an MQTT topic"));
        f.put("mqtt_birth_message", (c, d) -> d.mqttBirthMessage = template(c, "an MQTT message"));
        f.put("mqtt_birth_qos", (c, d) -> d.mqttBirthQos = (int) c.nextInteger(0, 2));
        f.put("mqtt_birth_retain", (c, d) -> d.mqttBirthRetain = c.nextBoolean());
        f.put("aws_iot", (c, d) -> d.awsIot = c.nextBoolean());

        f.put("server_cert", (c, d) -> d.serverCert = c.nextString("the name of a certs entry"));
        f.put("server_key", (c, d) -> d.serverKey = c.nextString("the name of a certs entry"));
        f.put("options", StreamTypeReader::options);

        f.put("proxy_buflen", (c, d) -> d.proxyBuflen = (int) c.nextInteger(0, MAX_INT));
        f.put("proxy_buflen_rxflow_on_above", (c, d) -> d.proxyRxflowOnAbove = (int) c.nextInteger(0, MAX_INT));
        f.put("proxy_buflen_rxflow_off_below", (c, d) -> d.proxyRxflowOffBelow = (int) c.nextInteger(0, MAX_INT));
        f.put("client_buflen", (c, d) -> d.clientBuflen = (int) c.nextInteger(0, MAX_INT));
        f.put("client_buflen_rxflow_on_above", (c, d) -> d.clientRxflowOnAbove = (int) c.nextInteger(0, MAX_INT));
        f.put("client_buflen_rxflow_off_below", (c, d) -> d.clientRxflowOffBelow = (int) c.nextInteger(0, MAX_INT));
        return Map.copyOf(f);
    }

    /** Reads the {@code s} array; the cursor is on the key {@code s}. */
    static void readAll(JsonCursor c, PolicyDraft draft) throws PolicyException {
        c.enterArray("an array of {\"<streamtype>\": {...}} objects");
        while (c.next() != JsonToken.END_ARRAY) {
            c.expect(JsonToken.START_OBJECT, "an object {\"<streamtype>\": {...}}");
            while (c.next() != JsonToken.END_OBJECT) {
                String name = c.fieldName();
                SourcePos pos = c.pos();
                checkName(c, name, draft);
                StreamTypeDraft d = new StreamTypeDraft(name, pos);
                readOne(c, d, draft);
                draft.streamTypes.put(name, d);
            }
        }
    }

    private static void checkName(JsonCursor c, String name, PolicyDraft draft) throws PolicyException {
        if (name.isEmpty()) {
            throw c.error("a streamtype name is empty");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > SssWire.MAX_STREAMTYPE_NAME) {
            throw c.error("the streamtype name \"" + name + "\" is " + bytes + " bytes; a streamtype name is at most "
                    + SssWire.MAX_STREAMTYPE_NAME + " bytes so that it can cross a proxy link");
        }
        StreamTypeDraft earlier = draft.streamTypes.get(name);
        if (earlier != null) {
            throw c.error("streamtype \"" + name + "\" is defined twice; the first is at " + earlier.pos.lineAndColumn());
        }
    }

    private static void readOne(JsonCursor c, StreamTypeDraft d, PolicyDraft draft) throws PolicyException {
        c.enterObject("the settings object of streamtype \"" + d.name + "\"");
        while (c.next() != JsonToken.END_OBJECT) {
            String key = c.fieldName();
            SourcePos keyPos = c.pos();
            Field field = FIELDS.get(key);
            if (field == null) {
                draft.warnings.add(keyPos.warning(PolicyWarning.Kind.UNKNOWN_KEY,
                        "unknown streamtype key \"" + key + "\"; lws ignores it" + KeyHints.hint(key, FIELDS.keySet())));
                c.next();
                c.skipValue();
                continue;
            }
            String inert = INERT.get(key);
            if (inert != null) {
                draft.warnings.add(keyPos.warning(PolicyWarning.Kind.INERT_KEY, inert));
            }
            d.keyPos.put(key, keyPos);
            field.read(c, d);
        }
    }

    private static Template template(JsonCursor c, String what) throws PolicyException {
        String text = c.nextString(what);
        try {
            return Template.parse(text);
        } catch (IllegalArgumentException e) {
            throw c.error(e.getMessage());
        }
    }

    private static void transportEndpoint(JsonCursor c, StreamTypeDraft d) throws PolicyException {
        String text = c.nextString("a Strand endpoint such as \"exec:COMMAND\", \"mem:NAME\" or \"tcp:HOST:PORT\"");
        try {
            d.transportEndpoint = Endpoint.parse(text);
        } catch (IllegalArgumentException e) {
            throw c.error("streamtype \"" + d.name + "\": " + TRANSPORT_ENDPOINT + " \"" + text
                    + "\" is not a Strand endpoint: " + e.getMessage());
        }
    }

    private static void protocol(JsonCursor c, StreamTypeDraft d) throws PolicyException {
        String name = c.nextString("a protocol name");
        d.protocol = Protocol.byPolicyName(name).orElseThrow(() -> c.error("unknown protocol \"" + name
                + "\"; expected one of " + String.join(", ",
                java.util.Arrays.stream(Protocol.values()).map(Protocol::policyName).toList())));
    }

    private static void httpMethod(JsonCursor c, StreamTypeDraft d) throws PolicyException {
        String method = c.nextString("an HTTP method such as GET or POST");
        if (method.isEmpty() || !method.chars().allMatch(ch -> ch > 0x20 && ch < 0x7F && "()<>@,;:\\\"/[]?={}".indexOf(ch) < 0)) {
            throw c.error("\"" + method + "\" is not an HTTP method; expected a token such as GET, POST or PUT");
        }
        d.httpMethod = method;
    }

    private static void metadata(JsonCursor c, StreamTypeDraft d) throws PolicyException {
        c.enterArray("an array of {\"<name>\": \"<protocol item>\"} objects");
        while (c.next() != JsonToken.END_ARRAY) {
            c.expect(JsonToken.START_OBJECT, "an object {\"<name>\": \"<protocol item>\"}");
            while (c.next() != JsonToken.END_OBJECT) {
                String name = c.fieldName();
                if (name.isEmpty()) {
                    throw c.error("a metadata name is empty");
                }
                int bytes = name.getBytes(StandardCharsets.UTF_8).length;
                if (bytes > SssWire.MAX_METADATA_NAME) {
                    throw c.error("the metadata name \"" + name + "\" is " + bytes + " bytes; a metadata name is at most "
                            + SssWire.MAX_METADATA_NAME + " bytes so that it can cross a proxy link");
                }
                if (d.metadata.stream().anyMatch(m -> m.name().equals(name))) {
                    throw c.error("metadata \"" + name + "\" is declared twice in streamtype \"" + d.name + "\"");
                }
                if (d.metadata.size() == MAX_METADATA) {
                    throw c.error("more than " + MAX_METADATA + " metadata entries; lws counts them in a byte");
                }
                String item = c.nextString("the protocol item of metadata \"" + name
                        + "\", e.g. \"content-type:\" or \"\"");
                d.metadata.add(new MetadataItem(name, item, d.metadata.size()));
            }
        }
    }

    private static void responseMap(JsonCursor c, StreamTypeDraft d) throws PolicyException {
        c.enterArray("an array of {\"<status>\": <state>} objects");
        while (c.next() != JsonToken.END_ARRAY) {
            c.expect(JsonToken.START_OBJECT, "an object {\"<status>\": <state>}");
            while (c.next() != JsonToken.END_OBJECT) {
                String key = c.fieldName();
                if (key.length() != 3 || !key.chars().allMatch(Character::isDigit) || key.charAt(0) == '0') {
                    throw c.error("\"" + key + "\" is not an HTTP status; expected a three-digit status such as \"429\"");
                }
                int status = Integer.parseInt(key);
                if (d.responseMap.containsKey(status)) {
                    throw c.error("status " + status + " is mapped twice");
                }
                if (d.responseMap.size() == MAX_RESPONSE_MAP) {
                    throw c.error("more than " + MAX_RESPONSE_MAP + " http_resp_map entries; lws holds at most "
                            + MAX_RESPONSE_MAP);
                }
                c.next();
                d.responseMap.put(status, (int) c.integer(1000, 65535,
                        "the state for status " + status + ", an application state in 1000..65535"));
            }
        }
    }

    private static void plugins(JsonCursor c, StreamTypeDraft d) throws PolicyException {
        c.enterArray("an array of plugin names");
        while (c.next() != JsonToken.END_ARRAY) {
            d.plugins.add(c.string("a plugin name"));
        }
    }

    private static void options(JsonCursor c, StreamTypeDraft d) throws PolicyException {
        c.enterArray("an array of {\"<option>\": \"<value>\"} objects");
        while (c.next() != JsonToken.END_ARRAY) {
            c.expect(JsonToken.START_OBJECT, "an object {\"<option>\": \"<value>\"}");
            while (c.next() != JsonToken.END_OBJECT) {
                String name = c.fieldName();
                if (d.serverOptions.containsKey(name)) {
                    throw c.error("option \"" + name + "\" is given twice");
                }
                d.serverOptions.put(name, c.nextString("the value of option \"" + name + "\""));
            }
        }
    }
}
