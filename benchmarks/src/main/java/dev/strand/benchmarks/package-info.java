/**
 * JMH benchmarks over what exists: the event loops and the in-JVM loopback transport. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar} (see README.md); numbers from this 2-core
 * machine are for comparing changes, not for quoting.
 */
package dev.strand.benchmarks;
