package dev.strand.benchmarks.http;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP client under test, set up for one workload: sends GETs asynchronously and completes
 * each future with the number of body bytes received. Implementations may be called from any
 * thread; {@link #close()} releases the client's threads and connections.
 */
interface BenchClient extends AutoCloseable {

    /** Sends a GET and completes with the body's length (a status other than 200 completes exceptionally). */
    CompletableFuture<Integer> get(URI uri);

    @Override
    void close() throws Exception;
}
