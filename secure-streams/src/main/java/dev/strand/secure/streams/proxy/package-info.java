/**
 * The SS proxy: {@link dev.strand.secure.streams.proxy.SsProxyServer} listens on endpoints and
 * serves each Serialized Secure Streams link with an onward
 * {@link dev.strand.secure.streams.local.LocalStream} that
 * {@link dev.strand.secure.streams.proxy.PolicyOnwardFactory} makes from the policy;
 * {@link dev.strand.secure.streams.proxy.ProxySettings} are its container settings.
 */
package dev.strand.secure.streams.proxy;
