/**
 * Launchers for the binance client: {@link dev.strand.examples.binance.launch.BinanceRunner} runs
 * one {@link dev.strand.examples.binance.BinanceClient} on whatever
 * {@link dev.strand.api.ss.SecureStreams} it is given and prints for people;
 * {@link dev.strand.examples.binance.launch.PicoBinance} is the "pico" program: the same client
 * through an SS proxy over the transport mux on a serial port, on the SSPC-only module set. Uses
 * {@code dev.strand.api} and {@code dev.strand.core.net} only.
 */
package dev.strand.examples.binance.launch;
