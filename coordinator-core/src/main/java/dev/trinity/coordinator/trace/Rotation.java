package dev.trinity.coordinator.trace;

/**
 * How a JSONL trace file rotates.
 *
 * @param mode none, daily or by size
 * @param maxBytes for {@link Mode#SIZE}: the size after which the next event starts a new file
 */
public record Rotation(Mode mode, long maxBytes) {

    /** The rotation modes. */
    public enum Mode {
        /** One file. */
        NONE,
        /** One file per day: {@code trace.jsonl} writes {@code trace-2026-05-20.jsonl}. */
        DAILY,
        /** When the file would pass {@code maxBytes}, it is renamed {@code trace.jsonl.1} (.2, …) first. */
        SIZE
    }

    /** Validates the size. */
    public Rotation {
        if (mode == Mode.SIZE && maxBytes <= 0) {
            throw new IllegalArgumentException("size rotation needs maxBytes > 0, got " + maxBytes);
        }
    }

    /** No rotation. */
    public static Rotation none() {
        return new Rotation(Mode.NONE, 0);
    }

    /** Daily files. */
    public static Rotation daily() {
        return new Rotation(Mode.DAILY, 0);
    }

    /** Size-based rotation. */
    public static Rotation size(long maxBytes) {
        return new Rotation(Mode.SIZE, maxBytes);
    }
}
