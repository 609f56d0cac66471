package dev.strand.secure.streams.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks on where a {@link PolicyException} or {@link PolicyWarning} points. */
final class PolicyAssertions {

    private PolicyAssertions() {
    }

    static PolicyException loadFails(String json) {
        return assertThrows(PolicyException.class, () -> PolicyLoader.load(json), json);
    }

    /** 1-based line and column of the first {@code snippet} in {@code json}. */
    static int[] position(String json, String snippet) {
        int i = json.indexOf(snippet);
        assertTrue(i >= 0, "test bug: " + snippet + " is not in the policy");
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < i; k++) {
            if (json.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        return new int[] {line, i - lineStart + 1};
    }

    /** The exception names {@code path}, points at the first {@code snippet}, and says each of {@code words}. */
    static void assertPointsAt(PolicyException e, String json, String snippet, String path, String... words) {
        int[] at = position(json, snippet);
        assertEquals(path, e.jsonPath(), e.getMessage());
        assertEquals(at[0], e.line(), "line: " + e.getMessage());
        assertEquals(at[1], e.column(), "column: " + e.getMessage());
        for (String w : words) {
            assertTrue(e.problem().contains(w), "\"" + w + "\" missing from: " + e.getMessage());
        }
        assertTrue(e.getMessage().contains("line " + at[0] + ", column " + at[1]), e.getMessage());
        assertTrue(e.getMessage().contains(path), e.getMessage());
    }

    static void assertPointsAt(PolicyWarning w, String json, String snippet, String path, String... words) {
        int[] at = position(json, snippet);
        assertEquals(path, w.jsonPath(), w.toString());
        assertEquals(at[0], w.line(), "line: " + w);
        assertEquals(at[1], w.column(), "column: " + w);
        for (String word : words) {
            assertTrue(w.message().contains(word), "\"" + word + "\" missing from: " + w);
        }
    }
}
