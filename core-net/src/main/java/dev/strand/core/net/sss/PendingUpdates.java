package dev.strand.core.net.sss;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A proxied stream's metadata values and credit grants waiting to be sent, and the metadata the
 * current proxy stream has been told, so that a new proxy stream can be told again after a
 * relink. Confined to the stream's loop.
 *
 * <p>Updates go out oldest first. lws takes its queue from the tail, newest first, which sends two
 * values set for one name in the wrong order; here a second value for a name still waiting
 * replaces the first in place, so the newest value is the one the proxy keeps.
 */
final class PendingUpdates {

    /** A metadata value ({@code name} set) or a credit grant ({@code name} null). */
    static final class Update {
        final String name;
        byte[] value;
        final int delta;

        private Update(String name, byte[] value, int delta) {
            this.name = name;
            this.value = value;
            this.delta = delta;
        }

        boolean isCredit() {
            return name == null;
        }
    }

    private final ArrayDeque<Update> waiting = new ArrayDeque<>();
    private final Map<String, byte[]> told = new LinkedHashMap<>();

    void metadata(String name, byte[] value) {
        for (Update u : waiting) {
            if (name.equals(u.name)) {
                u.value = value;
                return;
            }
        }
        waiting.add(new Update(name, value, 0));
    }

    void credit(int delta) {
        waiting.add(new Update(null, null, delta));
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** The next update to send, now counted as told; {@code null} if none waits. */
    Update next() {
        Update u = waiting.poll();
        if (u != null && !u.isCredit()) {
            told.remove(u.name);
            told.put(u.name, u.value);
        }
        return u;
    }

    /** Drops waiting credit grants: a new STREAMTYPE carries the credit estimate that includes them. */
    void dropCredits() {
        waiting.removeIf(Update::isCredit);
    }

    /**
     * The proxy stream was lost: every value it had been told waits again (unless a newer value
     * for that name already waits), ahead of what was waiting.
     */
    void retellAll() {
        ArrayDeque<Update> again = new ArrayDeque<>();
        for (Iterator<Map.Entry<String, byte[]>> it = told.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, byte[]> e = it.next();
            it.remove();
            if (waiting.stream().noneMatch(u -> e.getKey().equals(u.name))) {
                again.add(new Update(e.getKey(), e.getValue(), 0));
            }
        }
        again.addAll(waiting);
        waiting.clear();
        waiting.addAll(again);
    }
}
