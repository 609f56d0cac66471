package dev.strand.examples.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DepthScannerTest {

    /** The shape of the depthUpdate in golden/lws/c-uart-plain-binance (the lws capture). */
    static final String CAPTURED = "{\"stream\":\"btcusdt@depth@0ms\",\"data\":{\"e\":\"depthUpdate\","
            + "\"E\":1795644839778,\"T\":1795644839778,\"s\":\"BTCUSDT\",\"U\":1,\"u\":2,\"pu\":0,"
            + "\"b\":[[\"49999.90\",\"1.000\"]],\"a\":[[\"50000.00\",\"2.000\"]]}}";

    private final DepthScanner scanner = new DepthScanner();

    private Optional<DepthUpdate> scan(String json) throws MalformedMessageException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return scanner.scan(b, 0, b.length);
    }

    private String malformed(String json) {
        return assertThrows(MalformedMessageException.class, () -> scan(json)).getMessage();
    }

    @Test
    void theCapturedDepthUpdateGivesItsEventTimeAndFirstAsk() throws Exception {
        DepthUpdate u = scan(CAPTURED).orElseThrow();
        assertEquals(1795644839778L, u.eventTimeMillis());
        assertEquals(OptionalLong.of(5_000_000), u.bestAskCents());
    }

    @Test
    void theFirstAskIsTakenNotALaterOneNorABid() throws Exception {
        DepthUpdate u = scan("{\"e\":\"depthUpdate\",\"E\":5,\"b\":[[\"1.00\",\"1\"]],"
                + "\"a\":[[\"2.10\",\"1\"],[\"2.20\",\"1\"],[\"0.50\",\"9\"]]}").orElseThrow();
        assertEquals(OptionalLong.of(210), u.bestAskCents());
    }

    @Test
    void aBareEventWithoutTheCombinedStreamWrapperIsRead() throws Exception {
        assertEquals(7L, scan("{\"e\":\"depthUpdate\",\"E\":7,\"a\":[[\"3.00\",\"1\"]]}").orElseThrow()
                .eventTimeMillis());
    }

    @Test
    void keysMayComeInAnyOrderAndWithWhitespace() throws Exception {
        DepthUpdate u = scan(" { \"data\" : { \"a\" : [ [ \"3.04\" , \"1\" ] ] ,\n\t\"E\" : 9 , \"e\" : \"depthUpdate\" } ,"
                + " \"stream\" : \"x\" } \r\n").orElseThrow();
        assertEquals(9L, u.eventTimeMillis());
        assertEquals(OptionalLong.of(304), u.bestAskCents());
    }

    @Test
    void anUpdateThatChangedNoAskHasLatencyButNoPrice() throws Exception {
        DepthUpdate u = scan("{\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"b\":[[\"1.00\",\"1\"]],\"a\":[]}}").orElseThrow();
        assertEquals(OptionalLong.empty(), u.bestAskCents());
        assertEquals(OptionalLong.empty(),
                scan("{\"data\":{\"e\":\"depthUpdate\",\"E\":1}}").orElseThrow().bestAskCents());
    }

    @Test
    void otherEventsAreIgnoredEvenWhereTheirFieldsHaveOtherTypes() throws Exception {
        // bookTicker's "a" is a string, aggTrade's "a" a number: neither is an error
        assertEquals(Optional.empty(), scan("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\","
                + "\"u\":1,\"s\":\"BTCUSDT\",\"b\":\"49999.90\",\"B\":\"1\",\"a\":\"50000.00\",\"A\":\"2\",\"T\":1,\"E\":1}}"));
        assertEquals(Optional.empty(), scan("{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1,"
                + "\"a\":26129,\"p\":\"0.01633102\",\"q\":\"4.70443515\",\"m\":true}}"));
        assertEquals(Optional.empty(), scan("{\"result\":null,\"id\":1}"));
    }

    @Test
    void aDepthUpdateMentionedInsideAStringDoesNotFoolIt() throws Exception {
        assertEquals(Optional.empty(), scan("{\"data\":{\"e\":\"bookTicker\",\"note\":\"\\\"e\\\":\\\"depthUpdate\\\"\","
                + "\"E\":1,\"a\":[[\"1.00\",\"1\"]]}}"));
    }

    @Test
    void fieldsOfNestedObjectsOtherThanDataAreNotTheEvent() throws Exception {
        assertEquals(Optional.empty(), scan("{\"meta\":{\"e\":\"depthUpdate\",\"E\":1,\"a\":[]}}"));
        assertEquals(Optional.empty(), scan("{\"data\":{\"x\":{\"e\":\"depthUpdate\",\"E\":1}}}"));
    }

    @Test
    void escapedKeysAndValuesAreDecoded() throws Exception {
        DepthUpdate u = scan("{\"\\u0065\":\"depth\\u0055pdate\",\"\\u0045\":3,\"a\":[[\"1\\u002e25\",\"1\"]],"
                + "\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}").orElseThrow();
        assertEquals(3L, u.eventTimeMillis());
        assertEquals(OptionalLong.of(125), u.bestAskCents());
    }

    @Test
    void everyJsonValueKindIsAcceptedWhereItDoesNotMatter() throws Exception {
        assertTrue(scan("{\"x\":[true,false,null,-0.5e+3,0,12.25E-2,\"\\u00e9\",{},[],[[{}]]],"
                + "\"data\":{\"e\":\"depthUpdate\",\"E\":0,\"z\":{\"k\":[1,2]}}}").isPresent());
    }

    @Test
    void aMessageInsideALargerBufferIsReadFromItsOffset() throws Exception {
        byte[] framed = ("garbage" + CAPTURED + "more").getBytes(StandardCharsets.UTF_8);
        assertEquals(1795644839778L, scanner.scan(framed, 7, CAPTURED.length()).orElseThrow().eventTimeMillis());
    }

    @Test
    void theScannerCanBeReusedAfterAnError() throws Exception {
        malformed("{\"e\":");
        assertTrue(scan(CAPTURED).isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an empty message                       | ''                                          | a message must be a JSON object",
        "an array                               | '[1]'                                       | a message must be a JSON object",
        "a truncated message                    | '{\"data\":{\"e\":\"depthUpdate\",\"E\":1'  | ends where",
        "a message cut inside a string          | '{\"data\":{\"e\":\"depthUp'                | is not closed",
        "trailing bytes                         | '{}x'                                       | after the message's object",
        "two objects                            | '{}{}'                                      | after the message's object",
        "a key that is not a string             | '{e:1}'                                     | expected a key",
        "a missing colon                        | '{\"e\" 1}'                                 | expected ':' after key \"e\"",
        "a missing comma                        | '{\"a\":1 \"b\":2}'                         | expected ',' or '}'",
        "an array missing a comma               | '{\"a\":[1 2]}'                             | expected ',' or ']'",
        "a bad literal                          | '{\"a\":tru}'                               | expected 'true'",
        "a number with a leading zero           | '{\"a\":01}'                                | expected ',' or '}'",
        "a number without digits                | '{\"a\":-}'                                 | a number needs digits",
        "a fraction without digits              | '{\"a\":1.}'                                | after its '.'",
        "an exponent without digits             | '{\"a\":1e}'                                | in its exponent",
        "a control character in a string        | '{\"a\":\"x\ty\"}'                          | control character 0x9",
        "an unknown escape                      | '{\"a\":\"\\x\"}'                           | unknown escape \\x",
        "a short unicode escape                 | '{\"a\":\"\\u12\"}'                         | four hex digits",
        "a depthUpdate without E                | '{\"data\":{\"e\":\"depthUpdate\",\"a\":[]}}' | without \"E\"",
        "a depthUpdate with a fractional E      | '{\"e\":\"depthUpdate\",\"E\":1.5}'         | must be an integer of ms",
        "a depthUpdate with a negative E        | '{\"e\":\"depthUpdate\",\"E\":-1}'          | non-negative integer",
        "a depthUpdate with a string E          | '{\"e\":\"depthUpdate\",\"E\":\"1\"}'       | non-negative integer",
        "a depthUpdate with a huge E            | '{\"e\":\"depthUpdate\",\"E\":1234567890123456}' | has 16 digits",
        "a depthUpdate whose asks are no array  | '{\"e\":\"depthUpdate\",\"E\":1,\"a\":\"5\"}' | must be an array",
        "a depthUpdate whose first ask is flat  | '{\"e\":\"depthUpdate\",\"E\":1,\"a\":[\"5\"]}' | [price, quantity] array",
        "a depthUpdate with a numeric price     | '{\"e\":\"depthUpdate\",\"E\":1,\"a\":[[5,1]]}' | price must be a string",
        "a depthUpdate with a non-decimal price | '{\"e\":\"depthUpdate\",\"E\":1,\"a\":[[\"1e3\",\"1\"]]}' | price '1e3' is not a plain decimal",
    })
    void malformedMessagesAreRejectedSayingWhatWasWrong(String what, String json, String says) {
        String message = malformed(json);
        assertTrue(message.contains(says), what + ": '" + message + "' should say '" + says + "'");
    }

    @Test
    void nestingIsBounded() {
        String deep = "{\"a\":" + "[".repeat(DepthScanner.MAX_DEPTH) + "]".repeat(DepthScanner.MAX_DEPTH) + "}";
        assertTrue(malformed(deep).contains("nesting deeper than " + DepthScanner.MAX_DEPTH));
        String ok = "{\"a\":" + "[".repeat(DepthScanner.MAX_DEPTH - 2) + "]".repeat(DepthScanner.MAX_DEPTH - 2) + "}";
        assertFalse(assertDoesNotThrowScan(ok));
    }

    private boolean assertDoesNotThrowScan(String json) {
        try {
            return scan(json).isPresent();
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void errorsNameTheByteWhereTheyWereFound() {
        assertTrue(malformed("{\"a\":1,,}").contains("at byte 7"), malformed("{\"a\":1,,}"));
    }
}
