package dev.strand.secure.streams.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ${name}} templates as lws expands them. */
class TemplateTest {

    @Test
    void namesAreSubstitutedInOrderAndRepeatsAreAllowed() {
        Template t = Template.parse("${a}/x/${b}-${a}");
        assertEquals(List.of("a", "b"), List.copyOf(t.metadataNames()));
        assertEquals("1/x/2-1", t.expand(Map.of("a", "1", "b", "2")::get));
        assertTrue(t.hasSubstitutions());
    }

    @Test
    void aDollarWithoutABraceIsLiteral() {
        Template t = Template.parse("price$5 and $ {x}");
        assertFalse(t.hasSubstitutions());
        assertEquals("price$5 and $ {x}", t.expand(n -> null));
    }

    @Test
    void unterminatedAndEmptySubstitutionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Template.parse("a${b"));
        assertThrows(IllegalArgumentException.class, () -> Template.parse("a${}"));
    }

    @Test
    void aNameWithNoValueIsUnknown() {
        UnknownMetadataException e = assertThrows(UnknownMetadataException.class,
                () -> Template.parse("${zz}").expand(n -> null));
        assertEquals("zz", e.metadataName());
    }
}
