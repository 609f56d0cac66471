package dev.strand.secure.streams.policy;

import com.fasterxml.jackson.core.JsonToken;
import dev.strand.core.net.retry.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a policy document into a {@link PolicyDraft}: the top-level keys and the retry, certs,
 * trust_stores, auth and metrics sections (the {@code s} section is {@link StreamTypeReader}'s).
 * Checks JSON types, ranges and lws's size limits; unknown keys become warnings. One per load.
 */
final class PolicyReader {

    private static final Set<String> TOP_KEYS = Set.of("release", "product", "schema-version", "via-socks5", "retry",
            "certs", "trust_stores", "auth", "metrics", "s");
    private static final Set<String> RETRY_KEYS = Set.of("backoff", "conceal", "jitterpc", "svalidping", "svalidhup");
    private static final Set<String> TRUST_STORE_KEYS = Set.of("name", "stack");
    private static final Set<String> AUTH_KEYS = Set.of("name", "type", "streamtype", "blob");
    private static final Set<String> METRICS_KEYS = Set.of("name", "us_schedule", "us_halflife", "min_outlier", "report");

    /** lws keeps at most 8 backoff delays per scheme (policy-json.c). */
    static final int MAX_BACKOFF_ENTRIES = 8;
    /** lws's trust store holds at most 6 certs ({@code ssx509[6]}). */
    static final int MAX_TRUST_STORE_CERTS = 6;

    private final JsonCursor c;
    private final PolicyDraft draft = new PolicyDraft();
    private final CertDecoder certs = new CertDecoder();

    PolicyReader(JsonCursor cursor) {
        this.c = cursor;
    }

    PolicyDraft read() throws PolicyException {
        if (c.next() == null) {
            throw c.error("the policy is empty; expected a JSON object");
        }
        c.expect(JsonToken.START_OBJECT, "a JSON object (the policy)");
        while (c.next() != JsonToken.END_OBJECT) {
            String key = c.fieldName();
            switch (key) {
                case "release" -> draft.release = c.nextString("a release label");
                case "product" -> draft.product = c.nextString("a product label");
                case "schema-version" -> draft.schemaVersion = (int) c.nextInteger(Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "via-socks5" -> draft.viaSocks5 = socks5();
                case "retry" -> retries();
                case "certs" -> certs();
                case "trust_stores" -> trustStores();
                case "auth" -> auth();
                case "metrics" -> metrics();
                case "s" -> StreamTypeReader.readAll(c, draft);
                default -> unknown(key, "top-level key", TOP_KEYS);
            }
        }
        if (c.next() != null) {
            throw c.error("found " + c.describe(c.token()) + " after the policy's closing }; expected the end of the input");
        }
        return draft;
    }

    private void unknown(String key, String what, Set<String> known) throws PolicyException {
        draft.warnings.add(c.pos().warning(PolicyWarning.Kind.UNKNOWN_KEY,
                "unknown " + what + " \"" + key + "\"; lws ignores it" + KeyHints.hint(key, known)));
        c.next();
        c.skipValue();
    }

    private String socks5() throws PolicyException {
        String value = c.nextString("a socks5 proxy as host:port");
        int colon = value.lastIndexOf(':');
        String port = colon < 0 ? "" : value.substring(colon + 1);
        if (colon <= 0 || port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)
                || Integer.parseInt(port) > 65535) {
            throw c.error("\"" + value + "\" is not host:port");
        }
        return value;
    }

    private void retries() throws PolicyException {
        c.enterArray("an array of {\"<name>\": {\"backoff\": [...], ...}} objects");
        while (c.next() != JsonToken.END_ARRAY) {
            c.expect(JsonToken.START_OBJECT, "an object {\"<name>\": {\"backoff\": [...], ...}}");
            while (c.next() != JsonToken.END_OBJECT) {
                String name = c.fieldName();
                SourcePos pos = c.pos();
                PolicyDraft.RetryDraft earlier = draft.retries.get(name);
                if (earlier != null) {
                    throw c.error("retry scheme \"" + name + "\" is defined twice; the first is at "
                            + earlier.pos().lineAndColumn());
                }
                draft.retries.put(name, new PolicyDraft.RetryDraft(retry(name, pos), pos));
            }
        }
    }

    private RetryPolicy retry(String name, SourcePos pos) throws PolicyException {
        c.enterObject("the settings object of retry scheme \"" + name + "\"");
        List<Long> backoff = new ArrayList<>();
        int conceal = 0;
        int jitter = 0;
        int ping = 0;
        int hangup = 0;
        while (c.next() != JsonToken.END_OBJECT) {
            String key = c.fieldName();
            switch (key) {
                case "backoff" -> {
                    c.enterArray("an array of delays in milliseconds");
                    while (c.next() != JsonToken.END_ARRAY) {
                        if (backoff.size() == MAX_BACKOFF_ENTRIES) {
                            throw c.error("more than " + MAX_BACKOFF_ENTRIES + " backoff entries; lws holds at most "
                                    + MAX_BACKOFF_ENTRIES);
                        }
                        backoff.add(c.integer(0, 0xFFFF_FFFFL));
                    }
                }
                case "conceal" -> conceal = (int) c.nextInteger(0, RetryPolicy.CONCEAL_FOREVER);
                case "jitterpc" -> jitter = (int) c.nextInteger(0, 100);
                case "svalidping" -> ping = (int) c.nextInteger(0, 65535);
                case "svalidhup" -> hangup = (int) c.nextInteger(0, 65535);
                default -> unknown(key, "retry key", RETRY_KEYS);
            }
        }
        if (backoff.isEmpty()) {
            throw pos.error(c.source(), "retry scheme \"" + name + "\" has no backoff delays; expected"
                    + " \"backoff\": [delay ms, ...] with 1 to " + MAX_BACKOFF_ENTRIES + " entries");
        }
        return new RetryPolicy(name, backoff, conceal, jitter, ping, hangup);
    }

    private void certs() throws PolicyException {
        c.enterArray("an array of {\"<name>\": \"<base64 DER>\"} objects");
        while (c.next() != JsonToken.END_ARRAY) {
            c.expect(JsonToken.START_OBJECT, "an object {\"<name>\": \"<base64 DER>\"}");
            while (c.next() != JsonToken.END_OBJECT) {
                String name = c.fieldName();
                SourcePos pos = c.pos();
                PolicyDraft.CertDraft earlier = draft.certs.get(name);
                if (earlier != null) {
                    throw c.error("cert \"" + name + "\" is defined twice; the first is at " + earlier.pos().lineAndColumn());
                }
                String text = c.nextString("the base64 DER of cert \"" + name + "\"");
                CertDecoder.Decoded decoded;
                try {
                    decoded = certs.decode(text);
                } catch (IllegalArgumentException e) {
                    throw c.error("cert \"" + name + "\": " + e.getMessage());
                }
                draft.certs.put(name, new PolicyDraft.CertDraft(name, decoded.der(), decoded.certificate(),
                        decoded.notCertificateReason(), pos));
            }
        }
    }

    private void trustStores() throws PolicyException {
        c.enterArray("an array of {\"name\": \"...\", \"stack\": [...]} objects");
        while (c.next() != JsonToken.END_ARRAY) {
            c.expect(JsonToken.START_OBJECT, "an object {\"name\": \"...\", \"stack\": [\"<cert>\", ...]}");
            SourcePos pos = c.pos();
            String name = null;
            List<PolicyDraft.Ref> stack = null;
            String mapFormKey = null;
            while (c.next() != JsonToken.END_OBJECT) {
                String key = c.fieldName();
                switch (key) {
                    case "name" -> name = c.nextString("the trust store's name");
                    case "stack" -> stack = stack();
                    default -> {
                        mapFormKey = key;
                        unknown(key, "trust store key", TRUST_STORE_KEYS);
                    }
                }
            }
            if (name == null) {
                String hint = mapFormKey == null ? "" : "; lws's README shows the map form {\"" + mapFormKey
                        + "\": [...]}, which lws does not parse: write {\"name\": \"" + mapFormKey + "\", \"stack\": [...]}";
                throw pos.error(c.source(), "a trust store has no \"name\"" + hint);
            }
            if (stack == null) {
                throw pos.error(c.source(), "trust store \"" + name + "\" has no \"stack\"; expected at least one cert name");
            }
            PolicyDraft.TrustStoreDraft earlier = draft.trustStores.get(name);
            if (earlier != null) {
                throw pos.error(c.source(), "trust store \"" + name + "\" is defined twice; the first is at "
                        + earlier.pos().lineAndColumn());
            }
            draft.trustStores.put(name, new PolicyDraft.TrustStoreDraft(name, stack, pos));
        }
    }

    private List<PolicyDraft.Ref> stack() throws PolicyException {
        c.enterArray("an array of cert names");
        SourcePos arrayPos = c.pos();
        List<PolicyDraft.Ref> stack = new ArrayList<>();
        while (c.next() != JsonToken.END_ARRAY) {
            if (stack.size() == MAX_TRUST_STORE_CERTS) {
                throw c.error("more than " + MAX_TRUST_STORE_CERTS + " certs in a trust store; lws holds at most "
                        + MAX_TRUST_STORE_CERTS);
            }
            stack.add(new PolicyDraft.Ref(c.string("a cert name"), c.pos()));
        }
        if (stack.isEmpty()) {
            throw arrayPos.error(c.source(), "a trust store's stack is empty; expected at least one cert name");
        }
        return stack;
    }

    private void auth() throws PolicyException {
        c.enterArray("an array of {\"name\": ..., \"type\": ..., \"streamtype\": ..., \"blob\": ...} objects");
        while (c.next() != JsonToken.END_ARRAY) {
            c.expect(JsonToken.START_OBJECT, "an auth object");
            SourcePos pos = c.pos();
            String name = null;
            String type = null;
            PolicyDraft.Ref streamType = null;
            int blob = 0;
            while (c.next() != JsonToken.END_OBJECT) {
                String key = c.fieldName();
                switch (key) {
                    case "name" -> name = c.nextString("the auth scheme's name");
                    case "type" -> type = c.nextString("an auth type such as sigv4");
                    case "streamtype" -> {
                        SourcePos at = c.pos();
                        streamType = new PolicyDraft.Ref(c.nextString("a streamtype name"), at);
                    }
                    case "blob" -> blob = (int) c.nextInteger(0, 255);
                    default -> unknown(key, "auth key", AUTH_KEYS);
                }
            }
            if (name == null) {
                throw pos.error(c.source(), "an auth entry has no \"name\"");
            }
            if (draft.auth.containsKey(name)) {
                throw pos.error(c.source(), "auth \"" + name + "\" is defined twice; the first is at "
                        + draft.auth.get(name).pos().lineAndColumn());
            }
            AuthScheme scheme = new AuthScheme(name, Optional.ofNullable(type),
                    Optional.ofNullable(streamType).map(PolicyDraft.Ref::name), blob);
            draft.auth.put(name, new PolicyDraft.AuthDraft(scheme, streamType, pos));
        }
    }

    private void metrics() throws PolicyException {
        c.enterArray("an array of metrics policy objects");
        while (c.next() != JsonToken.END_ARRAY) {
            c.expect(JsonToken.START_OBJECT, "a metrics policy object");
            SourcePos pos = c.pos();
            String name = null;
            long schedule = 0;
            long halfLife = 0;
            int minOutlier = 0;
            String report = null;
            while (c.next() != JsonToken.END_OBJECT) {
                String key = c.fieldName();
                switch (key) {
                    case "name" -> name = c.nextString("the metrics policy's name");
                    case "us_schedule" -> schedule = c.nextInteger(0, Long.MAX_VALUE);
                    case "us_halflife" -> halfLife = c.nextInteger(0, 0xFFFF_FFFFL);
                    case "min_outlier" -> minOutlier = (int) c.nextInteger(0, 255);
                    case "report" -> report = c.nextString("a streamtype name");
                    default -> unknown(key, "metrics key", METRICS_KEYS);
                }
            }
            if (name == null) {
                throw pos.error(c.source(), "a metrics policy has no \"name\"");
            }
            draft.metrics.add(new MetricsPolicy(name, schedule, halfLife, minOutlier, Optional.ofNullable(report)));
        }
    }
}
