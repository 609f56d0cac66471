/**
 * {@link dev.strand.api.Loop} implementations: {@link dev.strand.core.net.loop.EventLoop} (one
 * JDK thread), {@link dev.strand.core.net.loop.EventLoopGroup} (several, round robin) and
 * {@link dev.strand.core.net.loop.ManualLoop} (a fake clock the test thread drives).
 */
package dev.strand.core.net.loop;
