/**
 * The Secure Streams policy: libwebsockets' JSON schema, read into an immutable model.
 *
 * <p>{@link dev.strand.secure.streams.policy.PolicyLoader} reads a policy (from a file, a string
 * or a stream) with jackson-core's streaming parser and returns a
 * {@link dev.strand.secure.streams.policy.Policy}: named retry schemes
 * ({@link dev.strand.core.net.retry.RetryPolicy}), certificates, trust stores and
 * {@link dev.strand.secure.streams.policy.StreamType}s. A policy written for lws loads unchanged;
 * where lws is lax the loader is strict and says why: names match exactly (lws compares
 * prefixes), unknown keys are reported as {@link dev.strand.secure.streams.policy.PolicyWarning}s
 * (lws ignores them silently), and malformed input fails with a
 * {@link dev.strand.secure.streams.policy.PolicyException} that names the JSON path, line and
 * column. {@link dev.strand.secure.streams.policy.DefaultPolicy} is the policy embedded in the jar,
 * used when none is given.
 *
 * <p>One key is Strand's own extension, which lws ignores: a streamtype's
 * {@code strand_transport_endpoint} sends a {@code raw} stream onward to any Strand endpoint
 * ({@link dev.strand.api.Endpoint#parse}: {@code exec:COMMAND}, {@code mem:NAME}, ...) in place of
 * {@code endpoint} and {@code port} ({@link dev.strand.secure.streams.policy.StreamType#transportEndpoint}).
 *
 * <p>Everything here is immutable and safe to share between loops.
 */
package dev.strand.secure.streams.policy;
