package dev.strand.secure.streams.policy;

import dev.strand.api.Endpoint;
import dev.strand.core.net.retry.RetryPolicy;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * One streamtype of a policy ({@code s[].<name>}): how streams of this type connect and behave.
 * Keys that are absent take lws's defaults (a zero-filled struct): protocol h1, port 0, no TLS, no
 * retry scheme ({@link RetryPolicy#NONE}: give up after the first failure), no timeout. Immutable
 * and safe to share between loops.
 */
public final class StreamType {

    private final String name;
    private final Optional<Template> endpoint;
    private final Optional<Endpoint> transportEndpoint;
    private final int port;
    private final Protocol protocol;
    private final boolean tls;
    private final Optional<TrustStore> trustStore;
    private final OptionalInt clientCert;
    private final RetryPolicy retry;
    private final int timeoutMs;
    private final List<MetadataItem> metadata;
    private final Map<String, MetadataItem> metadataByName;
    private final Set<StreamFlag> flags;
    private final Optional<String> rideshare;
    private final Optional<String> payloadFormat;
    private final Optional<String> viaSocks5;
    private final List<String> plugins;
    private final int priority;
    private final Optional<AuthScheme> auth;
    private final Optional<String> awsRegion;
    private final Optional<String> awsService;
    private final HttpSettings http;
    private final WsSettings ws;
    private final MqttSettings mqtt;
    private final ServerSettings server;
    private final ProxyBuffers buffers;

    StreamType(StreamTypeDraft d, RetryPolicy retry, TrustStore trustStore, AuthScheme auth,
               PolicyCert serverCert, PolicyCert serverKey) {
        this.name = d.name;
        this.endpoint = Optional.ofNullable(d.endpoint);
        this.transportEndpoint = Optional.ofNullable(d.transportEndpoint);
        this.port = d.port;
        this.protocol = d.protocol;
        this.tls = d.tls;
        this.trustStore = Optional.ofNullable(trustStore);
        this.clientCert = d.clientCert == null ? OptionalInt.empty() : OptionalInt.of(d.clientCert);
        this.retry = retry;
        this.timeoutMs = d.timeoutMs;
        this.metadata = List.copyOf(d.metadata);
        Map<String, MetadataItem> byName = new HashMap<>();
        this.metadata.forEach(m -> byName.put(m.name(), m));
        this.metadataByName = Collections.unmodifiableMap(byName);
        this.flags = Collections.unmodifiableSet(d.flags.isEmpty() ? EnumSet.noneOf(StreamFlag.class) : EnumSet.copyOf(d.flags));
        this.rideshare = Optional.ofNullable(d.rideshare);
        this.payloadFormat = Optional.ofNullable(d.payloadFormat);
        this.viaSocks5 = Optional.ofNullable(d.viaSocks5);
        this.plugins = List.copyOf(d.plugins);
        this.priority = d.priority;
        this.auth = Optional.ofNullable(auth);
        this.awsRegion = Optional.ofNullable(d.awsRegion);
        this.awsService = Optional.ofNullable(d.awsService);
        this.http = new HttpSettings(Optional.ofNullable(d.httpMethod), Optional.ofNullable(d.httpUrl),
                d.httpExpect == null ? OptionalInt.empty() : OptionalInt.of(d.httpExpect), d.responseMap,
                d.httpFailRedirect, Optional.ofNullable(d.httpAuthHeader), Optional.ofNullable(d.httpDsnHeader),
                Optional.ofNullable(d.httpFwvHeader), Optional.ofNullable(d.httpDevtypeHeader),
                Optional.ofNullable(d.httpAuthPreamble), Optional.ofNullable(d.multipartName),
                Optional.ofNullable(d.multipartFilename), Optional.ofNullable(d.mimeContentType));
        this.ws = new WsSettings(Optional.ofNullable(d.wsSubprotocol), d.wsBinary);
        this.mqtt = new MqttSettings(Optional.ofNullable(d.mqttTopic), Optional.ofNullable(d.mqttSubscribe),
                d.mqttQos, d.mqttRetain, d.mqttKeepAlive, d.mqttCleanStart, Optional.ofNullable(d.mqttWillTopic),
                Optional.ofNullable(d.mqttWillMessage), d.mqttWillQos, d.mqttWillRetain,
                Optional.ofNullable(d.mqttBirthTopic), Optional.ofNullable(d.mqttBirthMessage), d.mqttBirthQos,
                d.mqttBirthRetain, d.awsIot);
        this.server = new ServerSettings(Optional.ofNullable(serverCert), Optional.ofNullable(serverKey),
                d.serverOptions);
        this.buffers = new ProxyBuffers(d.proxyBuflen, d.proxyRxflowOnAbove, d.proxyRxflowOffBelow, d.clientBuflen,
                d.clientRxflowOnAbove, d.clientRxflowOffBelow);
    }

    /** The streamtype's name (at most 31 UTF-8 bytes). */
    public String name() {
        return name;
    }

    /**
     * {@code endpoint}: a host, a URL ({@code https://host:port/path}), {@code +/path} or
     * {@code +@name} (Unix socket), or {@code file://path}, with {@code ${meta}} substitutions.
     * For a server streamtype, the interface to bind.
     */
    public Optional<Template> endpoint() {
        return endpoint;
    }

    /**
     * {@code strand_transport_endpoint}, Strand's extension (lws ignores the key): the Strand
     * endpoint a raw stream connects onward to, through whichever transport serves its scheme
     * ({@code exec:COMMAND}, {@code mem:NAME}, {@code unix:/path}, {@code tcp:host:port}, ...),
     * in place of {@code endpoint} and {@code port}. Never with TLS.
     */
    public Optional<Endpoint> transportEndpoint() {
        return transportEndpoint;
    }

    /** {@code port}: the destination port (a server's listen port); 0 if absent, with no 80/443 default. */
    public int port() {
        return port;
    }

    /** {@code protocol}; {@link Protocol#H1} if absent. */
    public Protocol protocol() {
        return protocol;
    }

    /** {@code tls}. */
    public boolean tls() {
        return tls;
    }

    /** {@code tls_trust_store}; empty means the JDK's default CAs when TLS is on. */
    public Optional<TrustStore> trustStore() {
        return trustStore;
    }

    /** {@code client_cert}: the index N of the system client-certificate blob to present. */
    public OptionalInt clientCert() {
        return clientCert;
    }

    /** {@code retry}: the backoff scheme; {@link RetryPolicy#NONE} if absent. */
    public RetryPolicy retry() {
        return retry;
    }

    /** {@code timeout_ms}: what {@code startTimeout(0)} arms; 0 means no policy timeout. */
    public int timeoutMs() {
        return timeoutMs;
    }

    /** {@code metadata}, in policy order ({@link MetadataItem#index()} is the position). */
    public List<MetadataItem> metadata() {
        return metadata;
    }

    /** The metadata entry called {@code name} (exact match). */
    public Optional<MetadataItem> metadata(String name) {
        return Optional.ofNullable(metadataByName.get(name));
    }

    /** The index of metadata {@code name}, or -1 if the streamtype does not declare it. */
    public int metadataIndex(String name) {
        MetadataItem m = metadataByName.get(name);
        return m == null ? -1 : m.index();
    }

    /** The boolean keys that are {@code true}. */
    public Set<StreamFlag> flags() {
        return flags;
    }

    /** Whether {@code flag}'s key is {@code true}. */
    public boolean has(StreamFlag flag) {
        return flags.contains(flag);
    }

    /** {@code nailed_up}: connect at creation and keep reconnecting. */
    public boolean nailedUp() {
        return has(StreamFlag.NAILED_UP);
    }

    /** {@code opportunistic}: connect only on request, no automatic reconnect. */
    public boolean opportunistic() {
        return has(StreamFlag.OPPORTUNISTIC);
    }

    /** {@code allow_redirects}. */
    public boolean allowRedirects() {
        return has(StreamFlag.ALLOW_REDIRECTS);
    }

    /** {@code long_poll} (h2). */
    public boolean longPoll() {
        return has(StreamFlag.LONG_POLL);
    }

    /** {@code perf}: deliver connection timing as {@code PERF_JSON} rx. */
    public boolean perf() {
        return has(StreamFlag.PERF);
    }

    /** {@code direct_proto_str}: unknown metadata names are literal header names. */
    public boolean directProtoStr() {
        return has(StreamFlag.DIRECT_PROTO_STR);
    }

    /** {@code server}: this streamtype describes a listener. */
    public boolean server() {
        return has(StreamFlag.SERVER);
    }

    /** {@code rideshare}: the streamtype whose payload rides in the same transaction after this one. */
    public Optional<String> rideshare() {
        return rideshare;
    }

    /** {@code payload_fmt}: returned to the stream's creator, otherwise unused. */
    public Optional<String> payloadFormat() {
        return payloadFormat;
    }

    /** Per-streamtype {@code via-socks5}: parsed by lws but never applied (inert). */
    public Optional<String> viaSocks5() {
        return viaSocks5;
    }

    /** {@code plugins}: deprecated; ignored by lws HEAD (inert). */
    public List<String> plugins() {
        return plugins;
    }

    /** {@code attr_priority}: socket priority 0..6, 7 for network administration. */
    public int priority() {
        return priority;
    }

    /** {@code use_auth}: the auth scheme requests are signed with. */
    public Optional<AuthScheme> auth() {
        return auth;
    }

    /** {@code aws_region}: the name of the metadata entry holding the SigV4 region. */
    public Optional<String> awsRegion() {
        return awsRegion;
    }

    /** {@code aws_service}: the name of the metadata entry holding the SigV4 service. */
    public Optional<String> awsService() {
        return awsService;
    }

    /** The HTTP keys. */
    public HttpSettings http() {
        return http;
    }

    /** The WebSocket keys. */
    public WsSettings ws() {
        return ws;
    }

    /** The MQTT keys. */
    public MqttSettings mqtt() {
        return mqtt;
    }

    /** The listener keys (meaningful with {@code server}). */
    public ServerSettings serverSettings() {
        return server;
    }

    /** The proxy buffering keys. */
    public ProxyBuffers buffers() {
        return buffers;
    }

    /**
     * Expands {@code template}'s {@code ${name}}s with this streamtype's metadata. A declared name
     * whose value is not set expands to nothing, as in lws.
     *
     * @param values the current value of each metadata name, {@code null} if not set
     * @throws UnknownMetadataException if the template names metadata this streamtype does not declare
     */
    public String expand(Template template, Function<String, String> values) {
        return template.expand(n -> {
            if (!metadataByName.containsKey(n)) {
                return null;
            }
            String v = values.apply(n);
            return v == null ? "" : v;
        });
    }

    /**
     * The request path: {@code http_url} (or a URL-form endpoint's path) with substitutions made
     * and exactly one leading {@code /}, for every protocol.
     */
    public String requestPath(Function<String, String> values) {
        return connectTarget(values).path();
    }

    /**
     * Where a connection of this streamtype goes now: the endpoint and {@code http_url} expanded
     * with {@code values}, a URL-form endpoint applied (the rules are on {@link ConnectTarget}).
     *
     * @param values the current value of each metadata name, {@code null} if not set
     * A {@link #transportEndpoint()} gives a {@link ConnectTarget.Kind#TRANSPORT} target.
     *
     * @throws IllegalStateException if the streamtype has no endpoint
     * @throws IllegalArgumentException if the expanded endpoint is malformed
     * @throws UnknownMetadataException if a template names undeclared metadata
     */
    public ConnectTarget connectTarget(Function<String, String> values) {
        if (transportEndpoint.isPresent()) {
            return new ConnectTarget(ConnectTarget.Kind.TRANSPORT, transportEndpoint.get().toString(), 0, false,
                    EndpointResolver.requestPath(null), protocol, trustStore);
        }
        Template ep = endpoint.orElseThrow(() -> new IllegalStateException("streamtype '" + name + "' has no endpoint"));
        String url = http.url().map(t -> expand(t, values)).orElse(null);
        return EndpointResolver.resolve(this, expand(ep, values), url);
    }

    @Override
    public String toString() {
        String where = transportEndpoint.map(Endpoint::toString)
                .orElseGet(() -> endpoint.map(Template::text).orElse("-") + ":" + port);
        return "StreamType[" + name + " " + protocol.policyName() + " " + where + (tls ? " tls" : "") + "]";
    }
}
