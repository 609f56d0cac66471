package dev.strand.core.net.engine;

import java.util.concurrent.atomic.AtomicLong;

/** The engine's counters: written on its loop, readable from any thread. */
final class EngineCounters {

    final AtomicLong connectAttempts = new AtomicLong();
    final AtomicLong connectionsOpened = new AtomicLong();
    final AtomicLong connectFailures = new AtomicLong();
    final AtomicLong openConnections = new AtomicLong();
    final AtomicLong exchangesSubmitted = new AtomicLong();
    final AtomicLong exchangesBound = new AtomicLong();
    final AtomicLong connectionsReused = new AtomicLong();
    final AtomicLong exchangesRedispatched = new AtomicLong();
    final AtomicLong exchangesCompleted = new AtomicLong();
    final AtomicLong exchangesFailed = new AtomicLong();

    EngineStats snapshot() {
        return new EngineStats(connectAttempts.get(), connectionsOpened.get(), connectFailures.get(),
                openConnections.get(), exchangesSubmitted.get(), exchangesBound.get(),
                connectionsReused.get(), exchangesRedispatched.get(), exchangesCompleted.get(),
                exchangesFailed.get());
    }
}
