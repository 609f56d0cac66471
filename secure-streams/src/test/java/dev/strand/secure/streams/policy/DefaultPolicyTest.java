package dev.strand.secure.streams.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import dev.strand.core.net.retry.RetryPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy embedded in the jar loads cleanly, needs no Internet, and matches its documented constants. */
class DefaultPolicyTest {

    private final Policy policy = DefaultPolicy.policy();

    @Test
    void itLoadsWithoutWarningsAndIsUsedWhenNoPolicyIsGiven() throws Exception {
        assertEquals(List.of(), policy.warnings());
        assertEquals("embedded:" + DefaultPolicy.RESOURCE, policy.source());
        assertSame(policy, PolicyLoader.loadOrDefault(Optional.empty()));
        assertEquals(List.of(DefaultPolicy.ECHO, DefaultPolicy.MINTEST, DefaultPolicy.MINPOST, DefaultPolicy.WS_ECHO,
                DefaultPolicy.BINANCE, DefaultPolicy.LWS_DEFAULT), List.copyOf(policy.streamTypes().keySet()));
    }

    @Test
    void theDefaultRetryIsTheLwsProxyBootstrapScheme() {
        assertEquals(new RetryPolicy(DefaultPolicy.RETRY_DEFAULT, List.of(1000L, 2000L, 3000L, 5000L, 10000L), 5, 20, 30, 35),
                policy.retrySchemes().get(DefaultPolicy.RETRY_DEFAULT));
        assertEquals(RetryPolicy.CONCEAL_FOREVER, policy.retrySchemes().get(DefaultPolicy.RETRY_FOREVER).conceal());
    }

    @Test
    void echoIsRawToTheDemoEchoPort() {
        StreamType echo = policy.streamType(DefaultPolicy.ECHO).orElseThrow();
        assertEquals(Protocol.RAW, echo.protocol());
        assertEquals(Endpoint.parse("tcp:127.0.0.1:" + DefaultPolicy.ECHO_PORT), echo.connectTarget(n -> null).endpoint());
        assertEquals(4096, echo.buffers().clientBuflen());
        assertEquals(5000, echo.timeoutMs());
        assertEquals(0, echo.metadataIndex("xtag"));
        assertEquals(List.of(DefaultPolicy.ECHO), policy.rideshareList(DefaultPolicy.ECHO));
    }

    @Test
    void mintestAndMinpostAreHttpOneToTheDemoOrigin() {
        StreamType get = policy.streamType(DefaultPolicy.MINTEST).orElseThrow();
        ConnectTarget t = get.connectTarget(Map.of("uptag", "t1")::get);
        assertEquals(Endpoint.parse("tcp:127.0.0.1:" + DefaultPolicy.HTTP_ORIGIN_PORT), t.endpoint());
        assertEquals("/index.html?uptag=t1", t.path());
        assertEquals(Optional.of("GET"), get.http().method());
        assertEquals(List.of("uptag", "ctype", "srv", "test"), get.metadata().stream().map(MetadataItem::name).toList());
        StreamType post = policy.streamType(DefaultPolicy.MINPOST).orElseThrow();
        assertEquals(Optional.of("POST"), post.http().method());
        assertEquals("/testserver/formtest", post.requestPath(n -> null));
    }

    @Test
    void theWebSocketStreamtypesGoToLocalPortsWithoutTls() {
        ConnectTarget echo = policy.streamType(DefaultPolicy.WS_ECHO).orElseThrow().connectTarget(n -> null);
        assertEquals(Endpoint.parse("tcp:127.0.0.1:" + DefaultPolicy.WS_ORIGIN_PORT), echo.endpoint());
        StreamType binance = policy.streamType(DefaultPolicy.BINANCE).orElseThrow();
        ConnectTarget feed = binance.connectTarget(n -> null);
        assertEquals(Endpoint.parse("tcp:127.0.0.1:" + DefaultPolicy.FEED_PORT), feed.endpoint());
        assertEquals("/stream?streams=btcusdt@depth@0ms/btcusdt@bookTicker/btcusdt@aggTrade", feed.path());
        assertTrue(binance.nailedUp());
        assertEquals(DefaultPolicy.RETRY_FOREVER, binance.retry().name());
    }

    @Test
    void everyStaticStreamtypeStaysOnLoopbackWithoutTls() {
        for (StreamType st : policy.streamTypes().values()) {
            if (st.endpoint().orElseThrow().hasSubstitutions()) {
                continue;
            }
            ConnectTarget t = st.connectTarget(n -> null);
            assertEquals("127.0.0.1", t.address(), st.name());
            assertFalse(t.tls(), st.name());
        }
        Set<Integer> ports = Set.of(DefaultPolicy.ECHO_PORT, DefaultPolicy.HTTP_ORIGIN_PORT, DefaultPolicy.WS_ORIGIN_PORT,
                DefaultPolicy.FEED_PORT);
        assertEquals(4, ports.size(), "each demo origin has its own port");
    }

    @Test
    void lwsDefaultFetchesWhateverUrlTheApplicationSets() {
        StreamType d = policy.streamType(DefaultPolicy.LWS_DEFAULT).orElseThrow();
        assertTrue(d.opportunistic() && d.directProtoStr() && d.allowRedirects());
        assertEquals(2000, d.timeoutMs());
        ConnectTarget golden = d.connectTarget(Map.of("endpoint", "http://127.0.0.1:44539/hello.html")::get);
        assertEquals(Endpoint.parse("tcp:127.0.0.1:44539"), golden.endpoint());
        assertFalse(golden.tls());
        assertEquals("/hello.html", golden.path());
        ConnectTarget bare = d.connectTarget(Map.of("endpoint", "example.com")::get);
        assertTrue(bare.tls());
        assertEquals(443, bare.port());
    }
}
