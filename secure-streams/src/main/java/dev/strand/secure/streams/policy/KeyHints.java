package dev.strand.secure.streams.policy;

import java.util.Collection;
import java.util.Map;

/**
 * Words of advice for an unknown key: the known key it most resembles, or a note on the places
 * where lws's README and its parser disagree (spec/secure-streams.md §5.5 item 38). Stateless.
 */
final class KeyHints {

    private static final Map<String, String> KNOWN_MISTAKES = Map.of(
            "http_multipart_content_type",
            "lws's README calls it this, but its parser reads \"http_mime_content_type\"",
            "auth_hexify", "lws's README documents it, but its parser has no such key",
            "client cert", "the key is \"client_cert\"",
            "s_overrides", "there is no s_overrides key; lws overlays reuse \"s\"");

    private KeyHints() {
    }

    /** A hint for {@code key} given the keys valid where it stands, or an empty string. */
    static String hint(String key, Collection<String> known) {
        String mistake = KNOWN_MISTAKES.get(key);
        if (mistake != null) {
            return "; " + mistake;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(key.toLowerCase(java.util.Locale.ROOT), k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        int allowed = Math.max(2, key.length() / 4);
        return best != null && bestDistance <= allowed ? "; did you mean \"" + best + "\"?" : "";
    }

    /** Levenshtein distance; keys are short, so the plain two-row table is enough. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
