package dev.strand.core.net.engine;

/**
 * Which connection carries an exchange: for logs, tests and {@code strand fetch}.
 *
 * @param id       the engine-wide connection number, from 1
 * @param protocol the name of the protocol the session speaks (its {@code ProtocolOps#name()})
 * @param peer     the link's peer description
 * @param reused   whether the connection had carried an exchange before this one
 */
public record ConnectionInfo(long id, String protocol, String peer, boolean reused) {
}
