/**
 * The binance application: {@link dev.strand.examples.binance.BinanceClient} (the
 * {@link dev.strand.api.ss.StreamHandler}), what it is made of (SOM/EOM reassembly into a bounded
 * buffer, a scanner for the three fields it reads, lws's price-to-cents rule, per-second ranges),
 * the line it prints once a second ({@link dev.strand.examples.binance.SecondReport}) and the
 * policies that give streamtype {@code binance} its feed ({@link dev.strand.examples.binance.BinancePolicies}).
 * Depends on {@code dev.strand.api} only.
 */
package dev.strand.examples.binance;
