package dev.strand.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpHeadersTest {

    @Test
    void namesAreCaseInsensitiveAndOrderIsKept() {
        HttpHeaders h = HttpHeaders.of("Accept", "a", "X-Id", "1", "accept", "b");
        assertEquals(Optional.of("a"), h.first("ACCEPT"));
        assertEquals(List.of("a", "b"), h.all("accept"));
        assertEquals("X-Id", h.fields().get(1).name());
    }

    @Test
    void listTokensAreFoundAcrossFieldsAndCommas() {
        HttpHeaders h = HttpHeaders.of("Connection", "Upgrade", "connection", " keep-alive , Close");
        assertTrue(h.hasToken("Connection", "close"));
        assertFalse(h.hasToken("Connection", "clos"));
    }

    @Test
    void valuesAreTrimmedAndControlCharactersRefused() {
        assertEquals("v", HttpHeaders.of("X", "  v\t").first("X").orElseThrow());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HttpHeaders.of("X", "a\nb"));
        assertTrue(e.getMessage().contains("0xa"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HttpHeaders.of("X(", "v"));
        assertThrows(IllegalArgumentException.class, () -> HttpHeaders.of("", "v"));
    }

    @Test
    void setReplacesEveryFieldOfThatName() {
        HttpHeaders h = HttpHeaders.of("A", "1", "a", "2").toBuilder().set("A", "3").build();
        assertEquals(List.of("3"), h.all("a"));
    }

    @Test
    void headersStayAsBuiltWhenTheirBuilderGoesOn() {
        HttpHeaders.Builder b = HttpHeaders.builder().add("A", "1");
        HttpHeaders first = b.build();
        HttpHeaders second = b.add("B", "2").build();
        HttpHeaders third = b.remove("A").build();
        assertEquals(List.of(new HttpHeaders.Field("A", "1")), first.fields());
        assertEquals(List.of(new HttpHeaders.Field("A", "1"), new HttpHeaders.Field("B", "2")), second.fields());
        assertEquals(List.of(new HttpHeaders.Field("B", "2")), third.fields());
        assertThrows(UnsupportedOperationException.class, () -> first.fields().add(new HttpHeaders.Field("C", "3")));
    }
}
