/**
 * The event-loop contract ({@link dev.strand.api.Loop}) and the endpoint grammar
 * ({@link dev.strand.api.Endpoint}) shared by every Strand SPI.
 *
 * <p>Threading rule for all of Strand: every link, session and stream belongs to exactly one
 * {@link dev.strand.api.Loop}; all of its callbacks run on that loop's thread, and its methods are
 * called there too. Other threads hand work over with {@link dev.strand.api.Loop#execute}.
 */
package dev.strand.api;
