/**
 * Strand's JMH benchmarks and the SSS load tool ({@code dev.strand.benchmarks.sss}). They run from the shaded {@code target/benchmarks.jar} on the class
 * path (its module descriptors are left out); the module exists so that the jar obeys the same
 * rules as every Strand jar. {@code jmh.core} is the name the JDK derives from jmh-core's file
 * name (the jar declares none). Exports nothing.
 */
@SuppressWarnings("requires-automatic")
module dev.strand.benchmarks {
    requires dev.strand.core.net;
    requires dev.strand.protocol.ws;
    requires dev.strand.secure.streams;
    requires dev.strand.transport.wsi;
    requires jmh.core;
    requires java.management;
}
