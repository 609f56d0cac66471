package dev.strand.examples.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecondReportTest {

    @Test
    void aFullSecondReadsLikeLwsAndParsesBack() {
        SecondReport r = new SecondReport(3, 1000, 10, 4_999_343, 5_000_000, 4_999_671, 10, 0, 1, 0, 23, 0, 0, 0);
        assertEquals("binance [3 s, 1000 ms] price: min 4999343, max 5000000, avg 4999671 cents (10 prices/s);"
                + " elatency: min 0, max 1, avg 0 ms (10 msg/s); 23 KiB/s SS RX", r.format());
        assertEquals(Optional.of(r), SecondReport.parse(r.format()));
    }

    @Test
    void aQuietSecondSaysNone() {
        SecondReport r = new SecondReport(1, 999, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertEquals("binance [1 s, 999 ms] price: none (0 prices/s); elatency: none (0 msg/s); 0 KiB/s SS RX",
                r.format());
        assertEquals(Optional.of(r), SecondReport.parse(r.format()));
    }

    @Test
    void negativeLatenciesAndSkippedMessagesSurviveTheRoundTrip() {
        SecondReport r = new SecondReport(12, 1003, 3, 1, 2, 1, 4, -3, 7, 2, 1, 2, 1, 5);
        assertTrue(r.format().endsWith("; skipped 2 malformed, 1 oversized, 5 partial"), r.format());
        assertEquals(Optional.of(r), SecondReport.parse(r.format()));
        assertEquals(Optional.of(r), SecondReport.parse("  " + r.format() + "\n"));
    }

    @Test
    void otherLinesAreNotReports() {
        assertEquals(Optional.empty(), SecondReport.parse("binance: CONNECTED (5)"));
        assertEquals(Optional.empty(), SecondReport.parse("x " + new SecondReport(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                .format()));
    }
}
