package dev.strand.examples.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PenniesTest {

    @Test
    void aBinancePriceIsItsIntegerPartTimesAHundredPlusTwoDecimals() {
        assertEquals(5_000_000, Pennies.of("50000.00"));
        assertEquals(4_999_927, Pennies.of("49999.27"));
        assertEquals(1, Pennies.of("0.01"));
    }

    @Test
    void furtherDecimalsAreTruncatedNotRounded() {
        assertEquals(4_999_927, Pennies.of("49999.279"));
        assertEquals(99, Pennies.of("0.99999999"));
    }

    @Test
    void aPriceWithoutDecimalsIsWholeDollars() {
        assertEquals(700, Pennies.of("7"));
    }

    @Test
    void aSingleDecimalCountsAsTensOfCents() {
        assertEquals(150, Pennies.of("1.5"));
    }

    @Test
    void sixteenIntegerDigitsStillFitALong() {
        assertEquals(999_999_999_999_999_999L, Pennies.of("9999999999999999.99"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1.", ".5", "-1", "1e5", "1.2.3", " 1", "12345678901234567", "1,00"})
    void anythingButAPlainDecimalIsRefusedByName(String price) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pennies.of(price));
        assertTrue(e.getMessage().contains("'" + price + "'"), e.getMessage());
    }
}
