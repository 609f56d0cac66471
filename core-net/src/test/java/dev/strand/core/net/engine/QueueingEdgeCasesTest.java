package dev.strand.core.net.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.protocol.ExchangeProgress;
import dev.strand.api.protocol.ReplayClass;
import dev.strand.api.transport.TlsOptions;
import dev.strand.core.net.retry.RetryPolicy;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code spec/queueing.md} §2.1 (matching and the queue decision) and §2.2 (the h1 queue
 * lifecycle), one test per edge case that the engine owns, named after the case. Where lws has a
 * defect ([S]) the test states the corrected behaviour. The HTTP-specific cases (E2, E5, E23-E28,
 * E30, E34-E37) are tested again over real HTTP/1.1 in {@code protocol-h1}.
 */
class QueueingEdgeCasesTest {

    private EngineHarness h = new EngineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    // ---- §2.1 matching and queue decision ----------------------------------------------------

    @Test
    void e01AnExchangeThatOpenedAConnectionSharesItWithTheNextOnes() {
        Recorder a = h.submit(TestExchange.get("a"));
        h.run();
        Recorder b = h.submit(TestExchange.get("b"));
        h.run();
        assertEquals(List.of("bind a"), h.fake.session(0).calls);
        assertTrue(b.pending());

        h.fake.session(0).complete(TestExchange.get("a"));
        h.run();

        assertTrue(a.completed());
        assertEquals(1, b.connectionId());
        assertEquals(1, h.stats().connectAttempts());
        assertEquals(1, h.stats().connectionsReused());
    }

    @Test
    void e02NonIdempotentExchangesShareConnectionsButAreNeverReplayed() {
        Recorder p1 = h.submit(TestExchange.post("p1"));
        Recorder p2 = h.submit(TestExchange.post("p2"));
        h.run();

        h.serverResets(0);
        h.loop.advanceMillis(250);

        assertEquals(List.of("bound #1", "failed IOException"), p1.events);
        assertEquals(List.of("bound #2"), p2.events);
        assertEquals(0, h.stats().exchangesRedispatched());
    }

    @Test
    void e03AnExchangeThatKeepsItsConnectionTakesItOutOfThePool() {
        Recorder u = h.submit(TestExchange.upgrade("ws"));
        h.run();
        Recorder g = h.submit(TestExchange.get("g"));
        h.run();

        assertEquals(1, u.connectionId());
        assertEquals(2, g.connectionId(), "the upgraded connection is no leader for anyone");
        assertEquals(List.of("bind ws"), h.fake.session(0).calls);
    }

    @Test
    void e04EveryExchangeHasAKeySoEqualKeysAlwaysShare() {
        PoolKey k1 = PoolKey.plain("test", Endpoint.parse("mem:" + h.name), "fake");
        PoolKey k2 = PoolKey.plain("TEST", Endpoint.of("mem", h.name), "fake");
        assertEquals(k1, k2);
        Recorder a = h.submit(k1, TestExchange.get("a"), ExchangeOptions.DEFAULT);
        Recorder b = h.submit(k2, TestExchange.get("b"), ExchangeOptions.DEFAULT);
        h.run();
        h.fake.session(0).complete(TestExchange.get("a"));
        h.run();
        assertEquals(a.connectionId(), b.connectionId());
        assertEquals(1, h.fake.sessions.size());
    }

    @Test
    void e06DifferentEndpointSchemeOrTlsNeverShare() {
        h.listen(h.name + "-other-port");
        PoolKey base = h.key();
        PoolKey otherEndpoint = PoolKey.plain("test", Endpoint.parse("mem:" + h.name + "-other-port"), "fake");
        PoolKey otherScheme = PoolKey.plain("tests", h.endpoint, "fake");
        PoolKey withTls = PoolKey.tls("test", h.endpoint, TlsOptions.to("example.com"), "fake");

        List<Recorder> rs = new ArrayList<>();
        for (PoolKey k : List.of(base, otherEndpoint, otherScheme, withTls)) {
            rs.add(h.submit(k, TestExchange.get("x" + rs.size()), ExchangeOptions.DEFAULT));
        }
        h.run();

        assertEquals(4, h.fake.sessions.size());
        assertEquals(4, rs.stream().mapToLong(Recorder::connectionId).distinct().count());
    }

    @Test
    void e07DifferentTrustOrClientCertificateNeverShare() {
        TlsOptions strict = TlsOptions.to("example.com").trusting("-----BEGIN CERTIFICATE-----A");
        TlsOptions otherCa = TlsOptions.to("example.com").trusting("-----BEGIN CERTIFICATE-----B");
        TlsOptions jdkDefaults = TlsOptions.to("example.com");
        TlsOptions withClientCert = strict.presenting(new TlsOptions.ClientCertificate("chain", "key"));
        List<PoolKey> keys = new ArrayList<>();
        for (TlsOptions t : List.of(strict, otherCa, jdkDefaults, withClientCert)) {
            keys.add(PoolKey.tls("https", h.endpoint, t, "fake"));
        }
        assertEquals(4, keys.stream().distinct().count());

        for (PoolKey k : keys) {
            h.submit(k, TestExchange.get("x"), ExchangeOptions.DEFAULT);
        }
        h.run();
        assertEquals(4, h.fake.sessions.size(), "no request rides a session verified under another policy");
    }

    @Test
    void e08ABurstWhileConnectingOpensOneConnectionAndBindsBroadsideWhenReady() {
        h.fake.capacity = 10;
        h.fake.readyAtOpen = false;
        List<Recorder> rs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rs.add(h.submit(TestExchange.get("x" + i)));
        }
        h.run();
        assertEquals(1, h.stats().connectAttempts());
        assertTrue(rs.stream().allMatch(Recorder::pending));

        h.fake.session(0).becomeReady();
        h.run();

        assertEquals(8, h.fake.session(0).bound.size());
        assertTrue(rs.stream().allMatch(r -> r.connectionId() == 1));
    }

    @Test
    void e09DifferentAlpnOffersNeverShare() {
        PoolKey h2Only = PoolKey.tls("https", h.endpoint, TlsOptions.to("example.com").offering(List.of("h2")), "fake");
        PoolKey h1Only = PoolKey.tls("https", h.endpoint, TlsOptions.to("example.com").offering(List.of("http/1.1")), "fake");
        assertNotEquals(h2Only, h1Only);
        h.submit(h2Only, TestExchange.get("a"), ExchangeOptions.DEFAULT);
        h.submit(h1Only, TestExchange.get("b"), ExchangeOptions.DEFAULT);
        h.run();
        assertEquals(2, h.fake.sessions.size());
    }

    @Test
    void e10ADrainingSessionIsNeverGivenANewExchange() {
        h.submit(TestExchange.get("a"));
        h.run();
        FakeSession s1 = h.fake.session(0);
        s1.drain();
        Recorder b = h.submit(TestExchange.get("b"));
        h.run();
        assertTrue(b.pending(), "limit 1: b waits for the draining connection to go");

        s1.complete(TestExchange.get("a"));
        h.run();

        assertEquals(List.of("bind a"), s1.calls);
        assertEquals(2, b.connectionId());
    }

    @Test
    void e11ADrainingConnectionDoesNotHideAUsableOne() {
        h.close();
        h = new EngineHarness(EngineConfig.DEFAULT.withMaxConnectionsPerKey(2));
        h.submit(TestExchange.get("a"));
        h.submit(TestExchange.get("b"));
        h.run();
        h.fake.session(0).complete(TestExchange.get("a"));
        h.fake.session(1).complete(TestExchange.get("b"));
        h.fake.session(0).drain();

        Recorder c = h.submit(TestExchange.get("c"));
        h.run();

        assertEquals(2, c.connectionId());
        assertEquals(2, h.stats().connectAttempts());
    }

    @Test
    void e12AConnectionStaysMatchedToItsKeyForItsWholeLife() {
        for (int i = 0; i < 5; i++) {
            h.submit(TestExchange.get("x" + i));
            h.run();
            h.fake.session(0).complete(TestExchange.get("x" + i));
            h.run();
        }
        assertEquals(1, h.stats().connectAttempts());
        assertEquals(4, h.stats().connectionsReused());
    }

    @Test
    void e13DifferentCleartextProtocolsNeverShare() {
        FakeProtocol other = new FakeProtocol("other", List.of());
        h.providers.addProtocol(other);
        h.submit(h.key(), TestExchange.get("a"), ExchangeOptions.DEFAULT);
        h.submit(PoolKey.plain("test", h.endpoint, "other"), TestExchange.get("b"), ExchangeOptions.DEFAULT);
        h.run();
        assertEquals(List.of("bind a"), h.fake.session(0).calls);
        assertEquals(List.of("bind b"), other.session(0).calls);
    }

    @Test
    void e14TheLeastLoadedReadySessionIsChosen() {
        h.close();
        h = new EngineHarness(EngineConfig.DEFAULT.withMaxConnectionsPerKey(2));
        h.fake.capacity = 4;
        h.submit(TestExchange.get("a"));
        h.run();
        for (String n : List.of("b", "c", "d", "e")) {
            h.submit(TestExchange.get(n));
        }
        h.run();
        assertEquals(List.of("bind a", "bind b", "bind c", "bind d"), h.fake.session(0).calls);
        assertEquals(List.of("bind e"), h.fake.session(1).calls);
        h.fake.session(0).complete(TestExchange.get("b"));
        h.fake.session(0).complete(TestExchange.get("c"));
        h.run();

        Recorder f = h.submit(TestExchange.get("f"));
        h.run();

        assertEquals(2, f.connectionId(), "connection 2 carries 1, connection 1 carries 2");
    }

    @Test
    void e15AClosingConnectionIsNotChosenAndItsDeathFailsNothingQueued() {
        Recorder a = h.submit(TestExchange.get("a"));
        Recorder b = h.submit(TestExchange.get("b"));
        h.run();
        h.fake.session(0).drain();
        Recorder c = h.submit(TestExchange.get("c"));
        h.run();

        h.serverResets(0);
        h.loop.advanceMillis(250);

        assertEquals(List.of("bound #1", "bound #2"), a.events, "a was replayed on a new connection");
        assertTrue(b.pending() && c.pending());
        h.fake.session(1).complete(TestExchange.get("a"));
        h.run();
        h.fake.session(1).complete(TestExchange.get("b"));
        h.run();
        assertEquals(List.of("bind a", "bind b", "bind c"), h.fake.session(1).calls);
    }

    @Test
    void e16NothingHappensToAnExchangeBeforeSubmitReturns() {
        h.submit(TestExchange.get("a"));
        h.run();
        h.fake.session(0).complete(TestExchange.get("a"));
        h.run();

        Recorder b = h.submit(TestExchange.get("b"));

        assertTrue(b.events.isEmpty());
        assertEquals(List.of("bind a"), h.fake.session(0).calls);
        h.run();
        assertEquals(List.of("bound #1"), b.events);
    }

    // ---- §2.2 h1 queue lifecycle -------------------------------------------------------------

    @Test
    void e17AQueuedExchangeWaitsUntilItsQueueDeadlineAndNoLonger() {
        ExchangeOptions noResponseLimit = ExchangeOptions.DEFAULT.withResponseTimeout(Duration.ZERO);
        Recorder a = h.submit(h.key(), TestExchange.get("a"), noResponseLimit);
        Recorder b = h.submit(h.key(), TestExchange.get("b"), noResponseLimit.withQueueTimeout(Duration.ofSeconds(10)));
        h.run();

        h.loop.advanceMillis(9_999);
        assertTrue(b.pending());
        h.loop.advanceMillis(1);

        DeadlineExceededException d = assertInstanceOf(DeadlineExceededException.class, b.failure);
        assertEquals(DeadlineExceededException.Phase.QUEUED, d.phase());
        assertEquals(List.of("bound #1"), a.events);
        assertEquals(List.of("bind a"), h.fake.session(0).calls);
    }

    @Test
    void e18AnIdleConnectionClosesAfterKeepWarmAndNoExchangeHearsOfIt() {
        Recorder a = h.submit(TestExchange.get("a"));
        h.run();
        h.fake.session(0).complete(TestExchange.get("a"));
        h.run();

        h.loop.advanceMillis(4_999);
        assertFalse(h.fake.session(0).closed);
        h.loop.advanceMillis(1);

        assertTrue(h.fake.session(0).calls.contains("shutdown"));
        assertTrue(h.fake.session(0).closed);
        assertEquals(0, h.stats().openConnections());
        assertEquals(List.of("bound #1", "completed"), a.events);
    }

    @Test
    void e19AnIdleConnectionIsReusedWithoutConnectingAgain() {
        h.submit(TestExchange.get("a"));
        h.run();
        h.fake.session(0).complete(TestExchange.get("a"));
        h.run();
        h.loop.advanceMillis(3_000);

        Recorder b = h.submit(TestExchange.get("b"));
        h.run();
        h.loop.advanceMillis(3_000);

        assertEquals(1, b.connectionId());
        assertTrue(b.connections.get(0).reused());
        assertFalse(h.fake.session(0).closed, "keep-warm does not run while the connection is busy");
        assertEquals(1, h.stats().connectAttempts());
    }

    @Test
    void e20EveryExchangeGetsExactlyOneTerminalEvent() {
        ExchangeOptions quick = ExchangeOptions.DEFAULT.withResponseTimeout(Duration.ofSeconds(1));
        h.fake.capacity = 4;
        Recorder done = h.submit(h.key(), TestExchange.get("done"), quick);
        Recorder failed = h.submit(h.key(), TestExchange.post("failed"), quick);
        Recorder cancelled = new Recorder();
        ExchangeHandle handle = h.submit(h.key(), TestExchange.get("cancelled"), quick, cancelled);
        Recorder timedOut = h.submit(h.key(), TestExchange.get("timedOut"), quick);
        h.run();
        FakeSession s = h.fake.session(0);

        s.complete(TestExchange.get("done"));
        s.fail(TestExchange.post("failed"), ReplayClass.NEVER);
        handle.cancel();
        h.loop.advanceMillis(1_000);
        s.listener.onExchangeCompleted(s, TestExchange.get("cancelled"));
        s.listener.onExchangeCompleted(s, TestExchange.get("timedOut"));
        s.listener.onExchangeFailed(s, TestExchange.get("done"), new RuntimeException(), ReplayClass.NEVER);
        handle.cancel();
        h.serverResets(0);

        for (Recorder r : List.of(done, failed, cancelled, timedOut)) {
            assertEquals(1, r.terminalEvents, r.events.toString());
        }
        assertInstanceOf(CancellationException.class, cancelled.failure);
        assertInstanceOf(DeadlineExceededException.class, timedOut.failure);
    }

    @Test
    void e21QueuedExchangesRunStrictlyFifo() {
        List<String> names = List.of("a", "b", "c", "d", "e");
        names.forEach(n -> h.submit(TestExchange.get(n)));
        h.run();
        for (String n : names) {
            h.fake.session(0).complete(TestExchange.get(n));
            h.run();
        }
        assertEquals(names.stream().map(n -> "bind " + n).toList(), h.fake.session(0).calls);
    }

    @Test
    void e22AnOwnerThatThrowsOnCompletionTouchesNoOtherExchange() {
        h.engine.submit(h.key(), TestExchange.get("a"), ExchangeOptions.DEFAULT, new Recorder() {
            @Override
            public void onCompleted() {
                throw new IllegalStateException("owner bug");
            }
        });
        Recorder b = h.submit(TestExchange.get("b"));
        h.run();
        h.fake.session(0).complete(TestExchange.get("a"));
        h.run();
        h.fake.session(0).complete(TestExchange.get("b"));
        h.run();
        assertEquals(List.of("bound #1", "completed"), b.events);
    }

    @Test
    void e25AStalledResponseFailsAtItsIdleDeadlineAndOnlyThatExchange() {
        h.fake.capacity = 2;
        Recorder a = h.submit(TestExchange.get("a"));
        Recorder b = h.submit(h.key(), TestExchange.get("b"), ExchangeOptions.DEFAULT.withResponseTimeout(Duration.ZERO));
        h.run();
        FakeSession s = h.fake.session(0);
        s.progress(TestExchange.get("a"), ExchangeProgress.REQUEST_SENT);
        s.progress(TestExchange.get("a"), ExchangeProgress.RESPONSE_STARTED);
        for (int i = 0; i < 3; i++) {
            h.loop.advanceMillis(20_000);
            s.progress(TestExchange.get("a"), ExchangeProgress.RESPONSE_DATA);
        }
        assertEquals(0, a.terminalEvents);

        h.loop.advanceMillis(30_000);

        DeadlineExceededException d = assertInstanceOf(DeadlineExceededException.class, a.failure);
        assertEquals(DeadlineExceededException.Phase.IDLE, d.phase());
        assertTrue(s.calls.contains("cancel a"));
        assertEquals(0, b.terminalEvents);
    }

    @Test
    void e29APeerCloseWhileAwaitingTheResponseRedispatchesInsteadOfFailingTheQueue() {
        List<Recorder> rs = new ArrayList<>();
        for (String n : List.of("a", "b", "c")) {
            rs.add(h.submit(TestExchange.get(n)));
        }
        h.run();

        h.serverCloses(0);
        assertEquals(List.of("bound #1"), rs.get(0).events,
                "a connection that died before completing anything counts as a failed attempt: the next waits one backoff step");
        h.loop.advanceMillis(250);
        for (String n : List.of("a", "b", "c")) {
            h.fake.session(1).complete(TestExchange.get(n));
            h.run();
        }

        assertTrue(rs.stream().allMatch(Recorder::completed));
        assertEquals(List.of("bind a", "bind b", "bind c"), h.fake.session(1).calls);
        assertEquals(1, h.stats().exchangesRedispatched());
    }

    @Test
    void e30AReusedConnectionThatTurnsOutDeadReplaysTheExchangeElsewhere() {
        h.submit(TestExchange.get("a"));
        h.run();
        h.fake.session(0).complete(TestExchange.get("a"));
        h.run();
        Recorder b = h.submit(TestExchange.post("b"));
        h.run();
        h.fake.session(0).replayOnClose.put(TestExchange.post("b"), ReplayClass.NOT_PROCESSED);

        h.serverCloses(0);

        assertEquals(List.of("bound #1", "bound #2"), b.events, "not processed: replayed even though not idempotent");
        assertTrue(b.connections.get(0).reused());
        assertFalse(b.connections.get(1).reused());
    }

    @Test
    void e31AConnectFailureRetriesWithBackoffAndTheQueueSurvivesIt() {
        h.close();
        h = new EngineHarness(EngineConfig.DEFAULT, false);
        List<Recorder> rs = new ArrayList<>();
        for (String n : List.of("a", "b", "c")) {
            rs.add(h.submit(TestExchange.get(n)));
        }
        h.run();
        assertEquals(1, h.stats().connectAttempts());

        h.loop.advanceMillis(249);
        assertEquals(1, h.stats().connectAttempts());
        h.loop.advanceMillis(1);
        assertEquals(2, h.stats().connectAttempts());
        h.listen(h.name);
        h.loop.advanceMillis(1_000);

        assertEquals(3, h.stats().connectAttempts());
        assertEquals(2, h.stats().connectFailures());
        assertEquals(List.of("bound #3"), rs.get(0).events);
        assertTrue(rs.get(1).pending() && rs.get(2).pending());
    }

    @Test
    void e31TheQueueFailsWithTheConnectErrorOnlyWhenTheBackoffGivesUp() {
        h.close();
        h = new EngineHarness(EngineConfig.DEFAULT.withRetry(RetryPolicy.of("two", 2, 100, 200)), false);
        Recorder a = h.submit(TestExchange.get("a"));
        Recorder b = h.submit(TestExchange.post("b"));
        h.run();
        h.loop.advanceMillis(100);
        assertTrue(a.pending());
        h.loop.advanceMillis(200);

        assertEquals(3, h.stats().connectAttempts());
        assertInstanceOf(ConnectException.class, a.failure);
        assertTrue(a.failure.getMessage().contains("3 attempts"), a.failure.getMessage());
        assertInstanceOf(ConnectException.class, b.failure);
    }

    @Test
    void e32AnUnknownHostFailsTheQueueAtOnce() {
        FailingTransport nxdomain = new FailingTransport(() -> new UnknownHostException("no.such.host"));
        h.providers.addTransport(nxdomain);
        PoolKey key = PoolKey.plain("test", Endpoint.parse("fail:no.such.host"), "fake");
        Recorder a = h.submit(key, TestExchange.get("a"), ExchangeOptions.DEFAULT);
        Recorder b = h.submit(key, TestExchange.get("b"), ExchangeOptions.DEFAULT);
        h.run();
        h.loop.advanceMillis(60_000);

        assertEquals(1, nxdomain.attempts);
        assertInstanceOf(UnknownHostException.class, a.failure);
        assertInstanceOf(UnknownHostException.class, b.failure);
    }

    @Test
    void e33CancellingTheExchangeThatOpenedTheConnectionLeavesTheOthersQueued() {
        GateTransport gate = new GateTransport();
        h.providers.addTransport(gate);
        PoolKey key = PoolKey.plain("test", Endpoint.parse("gate:" + h.name), "fake");
        Recorder a = new Recorder();
        ExchangeHandle ha = h.submit(key, TestExchange.get("a"), ExchangeOptions.DEFAULT, a);
        Recorder b = h.submit(key, TestExchange.get("b"), ExchangeOptions.DEFAULT);
        h.run();
        assertEquals(1, gate.attempts.size());

        ha.cancel();
        h.run();
        gate.last().release();
        h.run();

        assertInstanceOf(CancellationException.class, a.failure);
        assertEquals(List.of("bound #1"), b.events);
        assertEquals(List.of("bind b"), h.fake.session(0).calls);
    }

    @Test
    void e38CancellingAQueuedExchangeTouchesOnlyIt() {
        Recorder a = h.submit(TestExchange.get("a"));
        Recorder b = new Recorder();
        ExchangeHandle hb = h.submit(h.key(), TestExchange.get("b"), ExchangeOptions.DEFAULT, b);
        Recorder c = h.submit(TestExchange.get("c"));
        h.run();

        hb.cancel();
        h.run();
        h.fake.session(0).complete(TestExchange.get("a"));
        h.run();

        assertEquals(List.of("failed CancellationException"), b.events);
        assertEquals(List.of("bound #1", "completed"), a.events);
        assertEquals(List.of("bind a", "bind c"), h.fake.session(0).calls);
        assertEquals(List.of("bound #1"), c.events);
    }

    @Test
    void e39QueueingMakesNoCallOnTheBusySession() {
        h.submit(TestExchange.get("a"));
        h.run();
        h.submit(TestExchange.get("b"));
        h.submit(TestExchange.get("c"));
        h.run();
        h.loop.advanceMillis(1_000);
        assertEquals(List.of("bind a"), h.fake.session(0).calls);
    }

    @Test
    void e40ConnectionAccountingReturnsToZeroAfterEveryKindOfEnd() {
        h.close();
        h = new EngineHarness(EngineConfig.DEFAULT.withMaxConnectionsPerKey(3));
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 3; i++) {
                h.submit(TestExchange.get("r" + round + "x" + i));
            }
            h.run();
        }
        h.serverResets(0);
        h.serverCloses(1);
        h.fake.sessions.forEach(s -> List.copyOf(s.bound).forEach(e -> {
            if (!s.closed) {
                s.complete(e);
            }
        }));
        h.run();
        h.loop.advanceMillis(60_000);
        h.fake.sessions.forEach(s -> List.copyOf(s.bound).forEach(s::complete));
        h.loop.advanceMillis(60_000);
        assertEquals(0, h.stats().openConnections());
        assertEquals(h.stats().connectAttempts(), h.fake.sessions.size());
    }

    @Test
    void e41QueuedExchangesRideTheSameConnectionObjectWithNothingHandedOver() {
        List<Recorder> rs = new ArrayList<>();
        for (String n : List.of("a", "b", "c")) {
            rs.add(h.submit(TestExchange.get(n)));
        }
        h.run();
        for (String n : List.of("a", "b", "c")) {
            h.fake.session(0).complete(TestExchange.get(n));
            h.run();
        }
        assertEquals(1, h.fake.sessions.size());
        assertTrue(rs.stream().allMatch(r -> r.connectionId() == 1 && r.completed()));
    }

    @Test
    void e42SubmissionsFromOtherThreadsAreHandedToTheLoop() throws Exception {
        AtomicReference<ExchangeHandle> handle = new AtomicReference<>();
        Recorder r = new Recorder();
        Thread t = new Thread(() -> handle.set(h.engine.submit(h.key(), TestExchange.get("a"), ExchangeOptions.DEFAULT, r)));
        t.start();
        t.join();
        assertTrue(r.events.isEmpty());
        assertEquals(0, h.fake.sessions.size());

        h.run();
        assertEquals(List.of("bound #1"), r.events);

        Thread c = new Thread(() -> handle.get().cancel());
        c.start();
        c.join();
        assertEquals(0, r.terminalEvents);
        h.run();
        assertInstanceOf(CancellationException.class, r.failure);
        assertTrue(h.fake.session(0).calls.contains("cancel a"));
    }

    @Test
    void e43APoolThatIsBackingOffOpensNoSecondConnection() {
        h.close();
        h = new EngineHarness(EngineConfig.DEFAULT.withMaxConnectionsPerKey(4), false);
        h.submit(TestExchange.get("a"));
        h.run();
        for (int i = 0; i < 5; i++) {
            h.submit(TestExchange.get("b" + i));
        }
        h.run();
        h.loop.advanceMillis(249);
        assertEquals(1, h.stats().connectAttempts());
    }

    @Test
    void e44EachExchangeLearnsWhichConnectionServedItEachTime() {
        Recorder a = h.submit(TestExchange.get("a"));
        Recorder b = h.submit(TestExchange.get("b"));
        h.run();
        h.fake.session(0).complete(TestExchange.get("a"));
        h.run();
        h.serverResets(0);

        assertEquals(List.of(1L), a.connections.stream().map(ConnectionInfo::id).toList());
        assertEquals(List.of(1L, 2L), b.connections.stream().map(ConnectionInfo::id).toList());
        assertTrue(b.connections.get(0).reused());
        assertEquals("fake", b.connections.get(1).protocol());
    }
}
