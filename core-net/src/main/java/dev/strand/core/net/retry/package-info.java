/**
 * Retry and backoff with libwebsockets' semantics ({@code lws_retry_bo_t}): a table of delays
 * whose last entry repeats, random jitter of up to a percentage of the delay (30% when the
 * policy gives none), and a count of failures to conceal before the application is told that
 * all retries failed.
 */
package dev.strand.core.net.retry;
