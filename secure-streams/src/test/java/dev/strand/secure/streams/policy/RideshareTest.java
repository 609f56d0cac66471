package dev.strand.secure.streams.policy;

import static dev.strand.secure.streams.policy.PolicyAssertions.assertPointsAt;
import static dev.strand.secure.streams.policy.PolicyAssertions.loadFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rideshare list a proxy sends in CREATE_RESULT: the streamtype itself, then its rideshare chain. */
class RideshareTest {

    @Test
    void theListStartsWithTheStreamtypeAndFollowsTheChain() throws PolicyException {
        Policy p = PolicyLoader.load("{\"s\": [{\"hget\": {\"rideshare\": \"hget2\"}}, {\"hget2\": {}}]}");
        assertEquals(List.of("hget", "hget2"), p.rideshareList("hget"));
        assertEquals(List.of("hget2"), p.rideshareList("hget2"));
    }

    @Test
    void aChainOfThreeFits() throws PolicyException {
        Policy p = PolicyLoader.load("{\"s\": [{\"a\": {\"rideshare\": \"b\"}}, {\"b\": {\"rideshare\": \"c\"}}, {\"c\": {}}]}");
        assertEquals(List.of("a", "b", "c"), p.rideshareList("a"));
    }

    @Test
    void hkStella10RideshareChainLongerThanThreeIsRejected() {
        String json = "{\"s\": [{\"a\": {\"rideshare\": \"b\"}}, {\"b\": {\"rideshare\": \"c\"}},"
                + " {\"c\": {\"rideshare\": \"d\"}}, {\"d\": {}}]}";
        assertPointsAt(loadFails(json), json, "\"rideshare\": \"b\"", "s[0].a.rideshare", "a -> b -> c -> d",
                "more than 3 streamtypes", "an lws client hangs up");
    }

    @Test
    void aLoopingChainIsRejected() {
        String json = "{\"s\": [{\"a\": {\"rideshare\": \"b\"}}, {\"b\": {\"rideshare\": \"a\"}}]}";
        assertPointsAt(loadFails(json), json, "\"rideshare\": \"a\"", "s[1].b.rideshare", "a -> b -> a loops");
    }

    @Test
    void aRideshareToAnUndefinedStreamtypeIsRejected() {
        String json = "{\"s\": [{\"hget\": {\"rideshare\": \"hget\"}}]}";
        assertPointsAt(loadFails(json), json, "\"rideshare\"", "s[0].hget.rideshare", "hget -> hget loops");
        String json2 = "{\"s\": [{\"hget\": {\"rideshare\": \"hge\"}}]}";
        assertPointsAt(loadFails(json2), json2, "\"rideshare\"", "s[0].hget.rideshare",
                "names streamtype \"hge\", which the policy does not define", "lws would have matched \"hget\" by prefix");
    }

    @Test
    void aRideshareMayBeDefinedLaterBecauseLwsLooksItUpWhenUsed() throws PolicyException {
        Policy p = PolicyLoader.load("{\"s\": [{\"a\": {\"rideshare\": \"z\"}}, {\"z\": {}}]}");
        assertEquals(List.of("a", "z"), p.rideshareList("a"));
    }

    @Test
    void askingForAnUnknownStreamtypeFails() throws PolicyException {
        Policy p = PolicyLoader.load("{\"s\": [{\"a\": {}}]}");
        assertThrows(IllegalArgumentException.class, () -> p.rideshareList("b"));
    }
}
