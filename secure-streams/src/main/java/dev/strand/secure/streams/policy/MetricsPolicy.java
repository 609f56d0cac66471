package dev.strand.secure.streams.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * An entry of the policy's {@code metrics} section (lws {@code LWS_WITH_SYS_METRICS}).
 *
 * @param name               which metrics it applies to
 * @param scheduleMicros     {@code us_schedule}: how often to report
 * @param halfLifeMicros     {@code us_halflife}: decay unit
 * @param minOutlier         {@code min_outlier}: minimum contributors
 * @param report             the streamtype that carries the report, if any
 */
public record MetricsPolicy(String name, long scheduleMicros, long halfLifeMicros, int minOutlier,
                            Optional<String> report) {

    public MetricsPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(report, "report");
    }
}
