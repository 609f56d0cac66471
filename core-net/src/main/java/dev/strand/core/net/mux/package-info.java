/**
 * The lws transport mux ({@code spec/wire.md} §4): up to 256 channels over one reliable byte link
 * (a UART, a TCP connection), with link liveness by three-way PING. It is a transport that wraps
 * another one ({@link dev.strand.core.net.mux.MuxTransport}, endpoints {@code mux+INNER:...}); each
 * channel is itself a {@link dev.strand.api.transport.Link}. Byte-compatible with lws, and better
 * where lws falls short: a channel close really frees the channel (CHANNEL_CLOSE answered by
 * CLOSE_ACK), data that arrives before CHANNEL_ACK is kept rather than crashing, and the number of
 * channels in use is capped by a setting. The mux knows nothing of what the channels carry.
 *
 * <p>{@link dev.strand.core.net.mux.MuxRoute} is the one rule for when the mux goes in between:
 * an endpoint whose transport carries a single link (a serial port) is carried over it as if
 * written {@code mux+SCHEME:...}. When the mux link goes down, each channel closes with a
 * {@link dev.strand.core.net.mux.MuxLinkDownException} counting the bytes written to it that never
 * left the process.
 */
package dev.strand.core.net.mux;
