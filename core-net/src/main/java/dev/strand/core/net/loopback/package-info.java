/**
 * The in-JVM loopback transport ({@code mem:NAME}): linked pairs of links with real
 * backpressure. The simplest example of the transport SPI, and the workhorse of tests.
 */
package dev.strand.core.net.loopback;
