package dev.trinity.coordinator.loop;

import java.util.Arrays;
import java.util.Objects;

/**
 * How the routing vector of a turn was computed, for the {@code slm_extracted} trace event.
 *
 * @param vectorShape the routing vector's shape, {@code [1, hidden]}
 * @param hiddenStateShape the hidden-state shape the vector was read from
 * @param backend the compute backend label (for example {@code pytorch:cpu()})
 * @param tokenCount the number of transcript tokens
 * @param extractMs the extraction time in milliseconds
 */
public record RouteExtraction(int[] vectorShape, int[] hiddenStateShape, String backend, int tokenCount,
                              double extractMs) {

    /** Copies the shapes. */
    public RouteExtraction {
        vectorShape = Objects.requireNonNull(vectorShape, "vectorShape").clone();
        hiddenStateShape = Objects.requireNonNull(hiddenStateShape, "hiddenStateShape").clone();
        Objects.requireNonNull(backend, "backend");
    }

    /** The routing vector's shape (a copy). */
    @Override
    public int[] vectorShape() {
        return vectorShape.clone();
    }

    /** The hidden-state shape (a copy). */
    @Override
    public int[] hiddenStateShape() {
        return hiddenStateShape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteExtraction r && Arrays.equals(vectorShape, r.vectorShape)
                && Arrays.equals(hiddenStateShape, r.hiddenStateShape) && backend.equals(r.backend)
                && tokenCount == r.tokenCount && Double.compare(extractMs, r.extractMs) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(vectorShape), Arrays.hashCode(hiddenStateShape), backend, tokenCount,
                extractMs);
    }

    @Override
    public String toString() {
        return "RouteExtraction[vector=" + Arrays.toString(vectorShape) + ", backend=" + backend + ", tokens="
                + tokenCount + "]";
    }
}
