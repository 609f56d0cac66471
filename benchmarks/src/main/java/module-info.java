/**
 * Strand's JMH benchmarks and the SSS load tool ({@code dev.strand.benchmarks.sss}). They run from the shaded {@code target/benchmarks.jar} on the class
 * path (its module descriptors are left out); the module exists so that the jar obeys the same
 * rules as every Strand jar. {@code jmh.core} is the name the JDK derives from jmh-core's file
 * name (the jar declares none). The peer HTTP clients (OkHttp, Jetty, Apache, the JDK's) are
 * here for {@code dev.strand.benchmarks.http.HttpBench} only. Exports nothing.
 */
@SuppressWarnings("requires-automatic")
module dev.strand.benchmarks {
    requires dev.strand.core.net;
    requires dev.strand.protocol.ws;
    requires dev.strand.secure.streams;
    requires dev.strand.transport.wsi;
    requires dev.strand.transport.uart;
    requires jmh.core;
    requires java.management;
    requires jdk.management;
    requires dev.strand.http;
    requires dev.strand.protocol.h1;
    requires dev.strand.protocol.h2;
    requires dev.strand.testing.nginx;
    requires java.net.http;
    requires okhttp3;
    requires kotlin.stdlib;
    requires org.eclipse.jetty.client;
    requires org.eclipse.jetty.http2.client;
    requires org.eclipse.jetty.http2.client.transport;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires org.apache.httpcomponents.client5.httpclient5;
    requires org.apache.httpcomponents.core5.httpcore5;
    requires org.apache.httpcomponents.core5.httpcore5.h2;
}
