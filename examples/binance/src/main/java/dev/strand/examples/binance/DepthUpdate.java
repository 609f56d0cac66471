package dev.strand.examples.binance;

import java.util.OptionalLong;

/**
 * The part of one {@code depthUpdate} event the statistics use. Immutable.
 *
 * @param eventTimeMillis the event's {@code "E"}: the exchange's time in ms since the Unix epoch
 * @param bestAskCents    the first ask's price in cents ({@link Pennies}); empty when the update
 *                        changed no ask ({@code "a":[]})
 */
public record DepthUpdate(long eventTimeMillis, OptionalLong bestAskCents) {
}
