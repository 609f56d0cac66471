package dev.strand.secure.streams.policy;

import dev.strand.api.Endpoint;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A streamtype as read from JSON, before its references (retry, trust store, auth, certs) are
 * resolved. Field defaults are lws's zero-filled struct. Mutable; confined to one load.
 */
final class StreamTypeDraft {

    final String name;
    final SourcePos pos;
    /** Where each key's value was, for errors found after reading. */
    final Map<String, SourcePos> keyPos = new HashMap<>();

    Template endpoint;
    Endpoint transportEndpoint;
    int port;
    Protocol protocol = Protocol.H1;
    boolean tls;
    String trustStoreName;
    Integer clientCert;
    String retryName;
    int timeoutMs;
    final List<MetadataItem> metadata = new ArrayList<>();
    final Set<StreamFlag> flags = EnumSet.noneOf(StreamFlag.class);
    String rideshare;
    String payloadFormat;
    String viaSocks5;
    final List<String> plugins = new ArrayList<>();
    int priority;
    String useAuth;
    String awsRegion;
    String awsService;

    String httpMethod;
    Template httpUrl;
    Integer httpExpect;
    final Map<Integer, Integer> responseMap = new LinkedHashMap<>();
    boolean httpFailRedirect;
    String httpAuthHeader;
    String httpDsnHeader;
    String httpFwvHeader;
    String httpDevtypeHeader;
    String httpAuthPreamble;
    String multipartName;
    String multipartFilename;
    String mimeContentType;

    String wsSubprotocol;
    boolean wsBinary;

    Template mqttTopic;
    Template mqttSubscribe;
    int mqttQos;
    boolean mqttRetain;
    int mqttKeepAlive;
    boolean mqttCleanStart;
    Template mqttWillTopic;
    Template mqttWillMessage;
    int mqttWillQos;
    boolean mqttWillRetain;
    Template mqttBirthTopic;
    Template mqttBirthMessage;
    int mqttBirthQos;
    boolean mqttBirthRetain;
    boolean awsIot;

    String serverCert;
    String serverKey;
    final Map<String, String> serverOptions = new LinkedHashMap<>();

    int proxyBuflen;
    int proxyRxflowOnAbove;
    int proxyRxflowOffBelow;
    int clientBuflen;
    int clientRxflowOnAbove;
    int clientRxflowOffBelow;

    StreamTypeDraft(String name, SourcePos pos) {
        this.name = name;
        this.pos = pos;
    }

    /** Every template the streamtype holds, with the key it came from. */
    Map<String, Template> templates() {
        Map<String, Template> t = new LinkedHashMap<>();
        put(t, "endpoint", endpoint);
        put(t, "http_url", httpUrl);
        put(t, "mqtt_topic", mqttTopic);
        put(t, "mqtt_subscribe", mqttSubscribe);
        put(t, "mqtt_will_topic", mqttWillTopic);
        put(t, "mqtt_will_message", mqttWillMessage);
        put(t, "mqtt_birth_topic", mqttBirthTopic);
        put(t, "mqtt_birth_message", mqttBirthMessage);
        return t;
    }

    private static void put(Map<String, Template> t, String key, Template value) {
        if (value != null) {
            t.put(key, value);
        }
    }
}
