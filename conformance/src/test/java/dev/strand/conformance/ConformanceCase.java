package dev.strand.conformance;

import static dev.strand.api.ss.StreamState.DESTROYING;

import dev.strand.api.ss.StreamOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every case class shares: the run's {@link Conformance}, streams opened through a placement,
 * and after each case every stream it opened closed and checked for what must never be seen.
 */
@ExtendWith(ConformanceExtension.class)
abstract class ConformanceCase {

    Conformance env;
    private final List<Script> scripts = new ArrayList<>();

    @BeforeEach
    void environment(Conformance conformance) {
        env = conformance;
    }

    /** Creates a stream of {@code type} for {@code script} in {@code placement}, from the application's loop. */
    Script open(Placement placement, String type, Script script) {
        return open(placement, new StreamOptions(type, script, 0));
    }

    Script open(Placement placement, StreamOptions options) {
        Script script = (Script) options.handler();
        Bed bed = env.bed(placement);
        scripts.add(script);
        java.util.concurrent.CompletableFuture<Void> made = new java.util.concurrent.CompletableFuture<>();
        env.loop.execute(() -> {
            try {
                script.stream = bed.streams.create(options, env.loop);
                made.complete(null);
            } catch (RuntimeException e) {
                made.completeExceptionally(e);
            }
        });
        made.join();
        return script;
    }

    @AfterEach
    void closeAndCheck() {
        for (Script s : scripts) {
            if (!s.states.contains(DESTROYING)) {
                s.onLoop(st -> st.close());
            }
            Script.await(() -> s.states.contains(DESTROYING), "DESTROYING after close: " + s.states);
            s.checkNeverSaw();
        }
        scripts.clear();
    }
}
