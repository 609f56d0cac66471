package dev.strand.distribution.container;

/**
 * The lines the container prints that other programs wait for ({@code strand demo}, the
 * integration tests). One place defines their wording. Constants only; no OSGi types, so the
 * module-path tools can use it too.
 */
public final class ContainerOutput {

    /** Every line the launcher itself prints starts with this. */
    public static final String PREFIX = "strand: ";
    /** Printed once every bundle is active: {@code strand: ready: 9 bundles active in 912 ms ...}. */
    public static final String READY = PREFIX + "ready: ";
    /** Followed by the transports found, comma-separated, or {@link #NONE}. */
    public static final String TRANSPORTS = PREFIX + "transports: ";
    /** Followed by the protocols found, comma-separated, or {@link #NONE}. */
    public static final String PROTOCOLS = PREFIX + "protocols: ";
    /** Printed after the lists, once the deploy folder is watched. */
    public static final String WATCHING = PREFIX + "watching ";
    /** Printed when the framework has stopped. */
    public static final String STOPPED = PREFIX + "stopped";
    /** Printed when the container cannot start at all. */
    public static final String FAILED = PREFIX + "cannot start: ";
    /** Stands for an empty list. */
    public static final String NONE = "(none)";

    private ContainerOutput() {
    }
}
