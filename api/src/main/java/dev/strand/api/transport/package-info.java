/**
 * The transport SPI: reliable, in-order byte links.
 *
 * <p>A {@link dev.strand.api.transport.TransportOps} is a provider, discovered as an OSGi service
 * or through {@link java.util.ServiceLoader}; it makes {@link dev.strand.api.transport.Link}s,
 * connecting on the client side and listening on the proxy side. A link reports what happens to
 * it to its {@link dev.strand.api.transport.LinkHandler} on the link's loop.
 *
 * <p>This is lws's pair of transport ops tables ({@code lws_transport_client_ops} and
 * {@code lws_transport_proxy_ops}) made Java-natural: one link contract for both sides, writes
 * paced by an explicit write request, and layering (the transport mux over a UART) done by a
 * transport that wraps another one's links.
 */
package dev.strand.api.transport;
