/**
 * {@link dev.strand.examples.echo.counter.EchoCounter}: one SS application, any placement.
 */
package dev.strand.examples.echo.counter;
