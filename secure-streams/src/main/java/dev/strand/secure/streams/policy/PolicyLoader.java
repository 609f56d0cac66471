package dev.strand.secure.streams.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads Secure Streams policies written in libwebsockets' JSON schema, with jackson-core's
 * streaming parser (no data binding). Input is UTF-8. A policy fails to load with a
 * {@link PolicyException} naming the JSON path, line and column; it loads with
 * {@link Policy#warnings()} for keys lws does not know or never uses, each also logged once
 * (unknown keys and settings without effect at WARN, inert keys at INFO).
 *
 * <p>Stateless and thread-safe; loading does no I/O beyond reading the given source, so it may run
 * on any thread, though a large policy file is better read off the loop.
 */
public final class PolicyLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyLoader.class);

    /** Policies are kilobytes; these bounds keep hostile input from costing much. */
    private static final int MAX_DOCUMENT_CHARS = 16 * 1024 * 1024;
    private static final int MAX_NESTING_DEPTH = 64;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(MAX_DOCUMENT_CHARS)
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .build())
            .build();

    private PolicyLoader() {
    }

    /**
     * Loads the policy in {@code file}.
     *
     * @throws IOException     if the file cannot be opened
     * @throws PolicyException if its content is not a valid policy (including bytes that are not UTF-8)
     */
    public static Policy load(Path file) throws IOException, PolicyException {
        Objects.requireNonNull(file, "file");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return load(reader, file.toString());
        }
    }

    /** Loads the policy in {@code json}; errors name the source {@code <string>}. */
    public static Policy load(String json) throws PolicyException {
        Objects.requireNonNull(json, "json");
        return load(new StringReader(json), "<string>");
    }

    /**
     * Loads the policy read from {@code in} (UTF-8; malformed bytes are an error, not replaced).
     * The stream is read to the end of the policy and not closed.
     *
     * @param sourceName what errors and warnings call the source, e.g. a URL
     */
    public static Policy load(InputStream in, String sourceName) throws PolicyException {
        Objects.requireNonNull(in, "in");
        return load(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()), sourceName);
    }

    /** Loads the policy in {@code file}, or the embedded {@link DefaultPolicy} when none is given. */
    public static Policy loadOrDefault(Optional<Path> file) throws IOException, PolicyException {
        return file.isPresent() ? load(file.get()) : DefaultPolicy.policy();
    }

    static Policy load(Reader reader, String sourceName) throws PolicyException {
        Objects.requireNonNull(sourceName, "sourceName");
        JsonParser parser;
        try {
            parser = JSON.createParser(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("jackson failed to create a parser over a Reader", e);
        }
        Policy policy;
        try (JsonCursor cursor = new JsonCursor(parser, sourceName)) {
            PolicyDraft draft = new PolicyReader(cursor).read();
            policy = new PolicyLinker(draft, sourceName).link();
        }
        for (PolicyWarning w : policy.warnings()) {
            if (w.kind() == PolicyWarning.Kind.INERT_KEY) {
                LOG.info("policy {}: {}", sourceName, w);
            } else {
                LOG.warn("policy {}: {}", sourceName, w);
            }
        }
        LOG.debug("loaded {}", policy);
        return policy;
    }
}
