package dev.strand.secure.streams.local;

import dev.strand.api.protocol.ProtocolOps;
import dev.strand.api.transport.TlsOptions;
import dev.strand.core.net.engine.PoolKey;
import dev.strand.core.net.registry.Providers;
import dev.strand.http.HttpRequest;
import dev.strand.http.RequestBody;
import dev.strand.secure.streams.policy.ConnectTarget;
import dev.strand.secure.streams.policy.MetadataItem;
import dev.strand.secure.streams.policy.Protocol;
import dev.strand.secure.streams.policy.StreamFlag;
import dev.strand.secure.streams.policy.StreamType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The onward HTTP request of one transaction, as lws's ss-h1 builds it from the policy: method
 * {@code http_method} (GET if absent), the target's path ({@code http_url} with {@code ${meta}}
 * substituted, exactly one leading {@code /}; bytes a URI may not hold are percent-encoded), a
 * header for every metadata item that maps to one and has a value, and a body for POST, PUT and
 * PATCH (or whenever a length was announced) whose {@code content-length} is the announced length
 * ({@code request_tx_len}, else a {@code content-length} metadata value), chunked when there is
 * none or the policy says {@code http_no_content_length}. Also the pool key: the target's
 * endpoint, the policy's TLS with the ALPN ids of the protocols present, and h2 prior knowledge
 * for cleartext h2. Stateless.
 */
final class OnwardHttpRequest {

    private static final Logger LOG = LoggerFactory.getLogger(OnwardHttpRequest.class);

    /** Methods that carry a request body even with no announced length. */
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
    /** Headers the protocol derives itself; metadata cannot set them. */
    private static final Set<String> DERIVED = Set.of("content-length", "transfer-encoding");
    private static final String HEX = "0123456789ABCDEF";

    private OnwardHttpRequest() {
    }

    /** The method a transaction of {@code type} uses. */
    static String method(StreamType type) {
        return type.http().method().orElse("GET");
    }

    /**
     * Whether the transaction sends a body the client provides (so CONNECTED comes before the
     * response): POST, PUT and PATCH, or any method once a length was announced, through
     * {@code request_tx_len} or a {@code content-length} metadata value (lws marks the body
     * pending for both, e815ad292).
     */
    static boolean carriesBody(StreamType type, long txLength, Function<String, byte[]> metadata) {
        return BODY_METHODS.contains(method(type)) || txLength > 0 || metadataLength(type, metadata) > 0;
    }

    /**
     * The request.
     *
     * @param metadata the stream's metadata values ({@code null} if unset)
     * @param body     the body the client's payload feeds, when {@link #carriesBody} says so
     */
    static HttpRequest request(StreamType type, URI uri, Function<String, byte[]> metadata,
                               RequestBody body, String tag) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        b.method(method(type), body);
        for (MetadataItem item : type.metadata()) {
            Optional<String> header = item.httpHeaderName();
            byte[] value = metadata.apply(item.name());
            if (header.isEmpty() || value == null || value.length == 0
                    || DERIVED.contains(header.get().toLowerCase(Locale.ROOT))) {
                continue;
            }
            try {
                b.header(header.get(), new String(value, StandardCharsets.ISO_8859_1));
            } catch (IllegalArgumentException e) {
                LOG.warn("{}: metadata '{}' of '{}' not sent as header '{}': {}", tag, item.name(), type.name(),
                        header.get(), e.getMessage());
            }
        }
        return b.build();
    }

    /**
     * The length the body is announced with: -1 (chunked) for {@code http_no_content_length} or
     * when nothing announced one, else the announced length or a {@code content-length} metadata value.
     */
    static long bodyLength(StreamType type, long txLength, Function<String, byte[]> metadata) {
        if (type.has(StreamFlag.HTTP_NO_CONTENT_LENGTH)) {
            return -1;
        }
        return txLength >= 0 ? txLength : metadataLength(type, metadata);
    }

    /** The value of a metadata item mapped to {@code content-length}, or -1 if there is none (or it is no number). */
    private static long metadataLength(StreamType type, Function<String, byte[]> metadata) {
        for (MetadataItem item : type.metadata()) {
            Optional<String> header = item.httpHeaderName();
            byte[] value = metadata.apply(item.name());
            if (header.isPresent() && header.get().equalsIgnoreCase("content-length") && value != null) {
                try {
                    long n = Long.parseLong(new String(value, StandardCharsets.US_ASCII).strip());
                    return n >= 0 ? n : -1;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** The request URI: {@code http(s)://host[:port]} and the target's path, made URI-safe. */
    static URI uri(ConnectTarget target) {
        String scheme = target.tls() ? "https" : "http";
        String authority;
        if (target.kind() == ConnectTarget.Kind.TCP) {
            String host = target.address().indexOf(':') >= 0 ? "[" + target.address() + "]" : target.address();
            authority = host + ":" + target.port();
        } else {
            authority = "localhost";
        }
        return URI.create(scheme + "://" + authority + escape(target.path()));
    }

    /** The pool the transaction's connection comes from. */
    static PoolKey key(StreamType type, ConnectTarget target, Providers providers) {
        String scheme = target.tls() ? "https" : "http";
        if (!target.tls()) {
            return PoolKey.plain(scheme, target.endpoint(), cleartextProtocol(type));
        }
        TlsOptions tls = target.tlsOptions().orElseThrow();
        List<String> offer = new ArrayList<>();
        for (String id : tls.alpn()) {
            if (providers.protocols().stream().map(ProtocolOps::alpnIds).anyMatch(ids -> ids.contains(id))) {
                offer.add(id);
            }
        }
        return PoolKey.tls(scheme, target.endpoint(), tls.offering(offer), Protocol.H1.policyName());
    }

    /** h2 with prior knowledge for a cleartext h2 streamtype, otherwise h1. */
    static String cleartextProtocol(StreamType type) {
        return type.protocol() == Protocol.H2 ? Protocol.H2.policyName() : Protocol.H1.policyName();
    }

    /** Percent-encodes every byte a URI path or query may not hold as it is; keeps existing escapes. */
    static String escape(String path) {
        StringBuilder out = new StringBuilder(path.length());
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xFF;
            boolean escapeStart = c == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
            if (escapeStart || (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0))) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            }
        }
        return out.toString();
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }
}
