/**
 * Serialized Secure Streams (SSS), byte-compatible with libwebsockets: how a secure stream travels
 * between an SS proxy client and an SS proxy over one link per stream (wire.md §1, §2).
 *
 * <ul>
 *   <li>The codec: {@link dev.strand.core.net.sss.SssFrameType} and
 *       {@link dev.strand.core.net.sss.SssWire} (every type byte, layout size and limit),
 *       {@link dev.strand.core.net.sss.SssEncoder}, and the incremental decoders
 *       {@link dev.strand.core.net.sss.ClientFrameDecoder} (what a client accepts) and
 *       {@link dev.strand.core.net.sss.ProxyFrameDecoder} (what a robust proxy accepts), which
 *       refuse malformed frames with {@link dev.strand.core.net.sss.SssProtocolException}.</li>
 *   <li>The client: {@link dev.strand.core.net.sss.SsProxyClient}, a
 *       {@link dev.strand.api.ss.SecureStreams} that reaches a proxy through any transport.</li>
 *   <li>The proxy side: {@link dev.strand.core.net.sss.SssProxy}, the per-link terminal, and the
 *       SPI the policy side implements to make onward streams:
 *       {@link dev.strand.core.net.sss.OnwardStreamFactory},
 *       {@link dev.strand.core.net.sss.OnwardStream},
 *       {@link dev.strand.core.net.sss.OnwardListener}.</li>
 *   <li>{@link dev.strand.core.net.sss.StateTransitions}: the one copy of lws's state transition
 *       table, seed column and HEAD's additions apart; the proxy forwards only seed-legal
 *       sequences, bridging HEAD-only edges.</li>
 * </ul>
 *
 * <p>Everything runs on the link's (the stream's) loop; timers read the loop's clock.
 */
package dev.strand.core.net.sss;
