/**
 * Secure streams in this process: {@link dev.strand.secure.streams.InProcessSecureStreams}, the
 * {@link dev.strand.api.ss.SecureStreams} an application uses when it holds the policy and makes
 * its onward connections itself, with the same observable behaviour as a proxied client.
 */
package dev.strand.secure.streams;
