package dev.strand.core.net.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.api.protocol.Exchange;
import dev.strand.api.protocol.ExchangeProgress;
import dev.strand.api.protocol.ReplayClass;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's behaviour beyond the lws edge cases: limits, lifetimes, replay rules, ALPN, deadlines. */
class ConnectionEngineTest {

    private EngineHarness h = new EngineHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private void use(EngineConfig config) {
        h.close();
        h = new EngineHarness(config);
    }

    @Test
    void thePerKeyLimitOpensUpToThatManyConnectionsAndQueuesTheRest() {
        use(EngineConfig.DEFAULT.withMaxConnectionsPerKey(3));
        List<Recorder> rs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rs.add(h.submit(TestExchange.get("x" + i)));
        }
        h.run();

        assertEquals(3, h.stats().connectAttempts());
        assertEquals(3, rs.stream().filter(r -> !r.pending()).count());
        for (int round = 0; round < 4; round++) {
            h.fake.sessions.forEach(s -> List.copyOf(s.bound).forEach(s::complete));
            h.run();
        }
        assertTrue(rs.stream().allMatch(Recorder::completed));
        assertEquals(3, h.stats().connectAttempts());
    }

    @Test
    void alpnChoosesTheProtocolOfEachConnection() {
        GateTransport tls = new GateTransport();
        tls.alpn = "fake/2";
        FakeProtocol second = new FakeProtocol("fake2", List.of("fake/2"));
        h.providers.addTransport(tls);
        h.providers.addProtocol(second);
        PoolKey key = PoolKey.plain("test", Endpoint.parse("gate:" + h.name), "fake");

        Recorder r = h.submit(key, TestExchange.get("a"), ExchangeOptions.DEFAULT);
        h.run();
        tls.last().release();
        h.run();

        assertEquals(List.of("bind a"), second.session(0).calls);
        assertTrue(h.fake.sessions.isEmpty());
        assertEquals("fake2", r.connections.get(0).protocol());
    }

    @Test
    void anAlpnThatNoProtocolServesFailsTheQueueWithANamedError() {
        GateTransport tls = new GateTransport();
        tls.alpn = "spdy/3";
        h.providers.addTransport(tls);
        PoolKey key = PoolKey.plain("test", Endpoint.parse("gate:" + h.name), "fake");
        Recorder r = h.submit(key, TestExchange.get("a"), ExchangeOptions.DEFAULT);
        h.run();
        tls.last().release();
        h.run();

        assertTrue(r.failure.getMessage().contains("spdy/3"), r.failure.getMessage());
    }

    @Test
    void aConnectThatTakesTooLongIsAbandonedAndRetried() {
        GateTransport slow = new GateTransport();
        h.providers.addTransport(slow);
        PoolKey key = PoolKey.plain("test", Endpoint.parse("gate:" + h.name), "fake");
        Recorder r = h.submit(key, TestExchange.get("a"), ExchangeOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(2)));
        h.run();

        h.loop.advanceMillis(2_000);
        assertTrue(slow.attempts.get(0).cancelled);
        h.loop.advanceMillis(250);
        assertEquals(2, slow.attempts.size());
        slow.last().release();
        h.run();

        assertEquals(List.of("bound #2"), r.events);
        assertEquals(2, slow.attempts.get(0).options.connectTimeout().toSeconds());
    }

    @Test
    void aLateLinkFromAnAbandonedAttemptIsClosed() {
        GateTransport slow = new GateTransport();
        h.providers.addTransport(slow);
        PoolKey key = PoolKey.plain("test", Endpoint.parse("gate:" + h.name), "fake");
        h.submit(key, TestExchange.get("a"), ExchangeOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(1)));
        h.run();
        h.loop.advanceMillis(1_000);

        slow.attempts.get(0).released = false;
        slow.attempts.get(0).release();
        h.run();

        assertTrue(h.fake.sessions.isEmpty());
        assertFalse(h.serverLinks.get(0).isOpen());
    }

    @Test
    void aTlsVerificationFailureFailsTheQueueAtOnce() {
        FailingTransport badCert = new FailingTransport(() -> new SSLHandshakeException(
                "PKIX path building failed: unable to find valid certification path to requested target"));
        h.providers.addTransport(badCert);
        PoolKey key = PoolKey.plain("test", Endpoint.parse("fail:badcert"), "fake");
        Recorder a = h.submit(key, TestExchange.get("a"), ExchangeOptions.DEFAULT);
        h.run();
        h.loop.advanceMillis(10_000);

        assertEquals(1, badCert.attempts);
        assertInstanceOf(SSLHandshakeException.class, a.failure);
    }

    @Test
    void anEndpointNoTransportServesFailsAtOnceNamingTheScheme() {
        PoolKey key = PoolKey.plain("test", Endpoint.parse("nope:somewhere"), "fake");
        Recorder a = h.submit(key, TestExchange.get("a"), ExchangeOptions.DEFAULT);
        h.run();
        assertTrue(a.failure.getMessage().contains("nope"), a.failure.getMessage());
    }

    @Test
    void aConnectionThatDiesBeforeCompletingAnythingBacksOffBeforeTheReplay() {
        Recorder a = h.submit(TestExchange.get("a"));
        h.run();
        h.serverResets(0);
        h.loop.advanceMillis(249);
        assertEquals(1, h.stats().connectAttempts());
        h.loop.advanceMillis(1);
        h.serverResets(1);
        h.loop.advanceMillis(999);
        assertEquals(2, h.stats().connectAttempts());
        h.loop.advanceMillis(1);

        assertEquals(3, h.stats().connectAttempts());
        assertEquals(List.of("bound #1", "bound #2", "bound #3"), a.events);
        h.serverResets(2);
        assertInstanceOf(IOException.class, a.failure, "two replays used up");
    }

    @Test
    void aConnectionThatCompletedSomethingIsReplacedAtOnceWhenItDies() {
        h.submit(TestExchange.get("a"));
        h.run();
        h.fake.session(0).complete(TestExchange.get("a"));
        Recorder b = h.submit(TestExchange.get("b"));
        h.run();

        h.serverCloses(0);

        assertEquals(List.of("bound #1", "bound #2"), b.events);
    }

    @Test
    void neverReplayFailsTheExchangeEvenIfIdempotent() {
        Recorder a = h.submit(TestExchange.get("a"));
        h.run();
        h.fake.session(0).fail(TestExchange.get("a"), ReplayClass.NEVER);
        h.run();
        assertEquals(List.of("bound #1", "failed IOException"), a.events);
    }

    @Test
    void anExchangeWhoseResponseStartedIsNeverReplayed() {
        Recorder a = h.submit(TestExchange.get("a"));
        h.run();
        h.fake.session(0).progress(TestExchange.get("a"), ExchangeProgress.RESPONSE_STARTED);
        h.fake.session(0).replayOnClose.put(TestExchange.get("a"), ReplayClass.NOT_PROCESSED);
        h.serverResets(0);
        h.loop.advanceMillis(10_000);
        assertEquals(List.of("bound #1", "failed IOException"), a.events);
    }

    @Test
    void notProcessedOnAReusedConnectionIsReplayedAtMostOnce() {
        use(EngineConfig.DEFAULT.withMaxReplays(5));
        h.submit(TestExchange.get("x"));
        Recorder b = h.submit(TestExchange.post("b"));
        h.run();
        h.fake.session(0).complete(TestExchange.get("x"));
        h.run();
        h.fake.session(0).replayOnClose.put(TestExchange.post("b"), ReplayClass.NOT_PROCESSED);
        h.serverCloses(0);
        FakeSession s2 = h.fake.session(1);
        s2.fail(TestExchange.post("b"), ReplayClass.NOT_PROCESSED);
        h.run();
        assertEquals(List.of("bound #1", "bound #2", "bound #2"), b.events, "fresh connection: replayed");

        s2.fail(TestExchange.post("b"), ReplayClass.NOT_PROCESSED);
        h.run();

        assertEquals("failed IOException", b.events.get(3), "second not-processed failure on a reused connection");
    }

    @Test
    void replaysStopAtTheConfiguredLimit() {
        use(EngineConfig.DEFAULT.withMaxReplays(1));
        Recorder a = h.submit(TestExchange.get("a"));
        h.run();
        h.fake.session(0).fail(TestExchange.get("a"), ReplayClass.IF_IDEMPOTENT);
        h.run();
        h.fake.session(0).fail(TestExchange.get("a"), ReplayClass.IF_IDEMPOTENT);
        h.run();
        assertEquals(List.of("bound #1", "bound #1", "failed IOException"), a.events);
        assertEquals(1, h.stats().exchangesRedispatched());
    }

    @Test
    void theResponseDeadlineRunsFromBindingAndRestartsWhenTheRequestIsSent() {
        ExchangeOptions opts = ExchangeOptions.DEFAULT.withResponseTimeout(Duration.ofSeconds(5));
        Recorder a = h.submit(h.key(), TestExchange.get("a"), opts);
        h.run();
        h.loop.advanceMillis(4_000);
        h.fake.session(0).progress(TestExchange.get("a"), ExchangeProgress.REQUEST_SENT);
        h.loop.advanceMillis(4_999);
        assertEquals(0, a.terminalEvents);
        h.loop.advanceMillis(1);

        DeadlineExceededException d = assertInstanceOf(DeadlineExceededException.class, a.failure);
        assertEquals(DeadlineExceededException.Phase.RESPONSE, d.phase());
        assertTrue(d.getMessage().contains("connection #1"), d.getMessage());
    }

    @Test
    void maximumLifetimeDrainsTheConnectionAndTheNextExchangeGetsANewOne() {
        use(EngineConfig.DEFAULT.withMaxLifetime(Duration.ofSeconds(30)).withKeepWarm(Duration.ofSeconds(60)));
        h.submit(h.key(), TestExchange.get("a"), ExchangeOptions.DEFAULT.withResponseTimeout(Duration.ZERO));
        h.run();
        h.loop.advanceMillis(30_000);
        assertTrue(h.fake.session(0).calls.contains("shutdown"));
        Recorder b = h.submit(TestExchange.get("b"));
        h.run();
        assertTrue(b.pending(), "limit 1: the draining connection still counts");

        h.fake.session(0).complete(TestExchange.get("a"));
        h.run();

        assertEquals(2, b.connectionId());
    }

    @Test
    void aSessionThatRefusesTheExchangeKindFailsOnlyThatExchange() {
        Recorder odd = new Recorder();
        h.engine.submit(h.key(), new Exchange() {
            @Override
            public boolean idempotent() {
                return true;
            }
        }, ExchangeOptions.DEFAULT, odd);
        Recorder b = h.submit(TestExchange.get("b"));
        h.run();

        assertInstanceOf(IllegalArgumentException.class, odd.failure);
        assertEquals(List.of("bound #1"), b.events);
    }

    @Test
    void theSameExchangeCannotBeSubmittedTwiceAtOnce() {
        TestExchange a = TestExchange.get("a");
        Recorder first = h.submit(h.key(), a, ExchangeOptions.DEFAULT);
        Recorder second = h.submit(h.key(), a, ExchangeOptions.DEFAULT);
        h.run();
        assertEquals(List.of("bound #1"), first.events);
        assertInstanceOf(IllegalStateException.class, second.failure);
    }

    @Test
    void closingTheEngineEndsEveryExchangeOnceAndEveryConnection() {
        Recorder a = h.submit(TestExchange.get("a"));
        Recorder b = h.submit(TestExchange.get("b"));
        h.run();

        h.engine.close();
        h.run();
        Recorder late = h.submit(TestExchange.get("late"));
        h.run();

        assertEquals(1, a.terminalEvents);
        assertEquals(1, b.terminalEvents);
        assertInstanceOf(IllegalStateException.class, late.failure);
        assertEquals(0, h.stats().openConnections());
        assertFalse(h.serverLinks.get(0).isOpen());
    }

    @Test
    void connectErrorsThatWillNotRepeatAreTold() {
        assertTrue(ConnectFailures.willRepeat(new java.net.UnknownHostException("x")));
        assertTrue(ConnectFailures.willRepeat(new IOException(new java.security.cert.CertificateException("bad"))));
        assertTrue(ConnectFailures.willRepeat(new javax.net.ssl.SSLPeerUnverifiedException("no")));
        assertFalse(ConnectFailures.willRepeat(new ConnectException("Connection refused")));
        assertFalse(ConnectFailures.willRepeat(new SSLHandshakeException("Connection reset during handshake")));
        assertFalse(ConnectFailures.willRepeat(new IOException("timed out")));
    }
}
