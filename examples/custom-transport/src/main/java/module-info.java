/**
 * An example third-party transport, built against {@code dev.strand.api} alone: endpoints
 * {@code exec:COMMAND} run the command and link to its stdin and stdout. The same jar is a bundle
 * (hot-deploy it into the container's {@code deploy/} folder) and a module (put it on the
 * module path).
 */
module dev.strand.examples.custom.transport {
    requires dev.strand.api;
    requires static biz.aQute.bnd.annotation;

    provides dev.strand.api.transport.TransportOps with dev.strand.examples.custom.transport.ExecTransport;
}
