package dev.trinity.coordinator.route;

import java.util.Arrays;
import java.util.Objects;

/**
 * The routing vector of one transcript and how it was computed.
 *
 * @param vector the final-norm hidden state at {@code hiddenIndex}, length = hidden size
 * @param inputIds the token ids of the transcript
 * @param hiddenIndex the position read: {@code n - 2}, or 0 when {@code n <= 1}
 * @param device the device that ran the forward pass (for example {@code cpu()} or {@code gpu(0)})
 * @param dtype the compute dtype ({@code float32}, {@code float16})
 * @param timings wall-clock milliseconds of each stage
 */
public record HiddenState(float[] vector, int[] inputIds, int hiddenIndex, String device, String dtype,
                          Timings timings) {

    /** Validates the fields. */
    public HiddenState {
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(inputIds, "inputIds");
        Objects.requireNonNull(timings, "timings");
        if (hiddenIndex < 0 || (inputIds.length > 0 && hiddenIndex >= inputIds.length)) {
            throw new IllegalArgumentException("hiddenIndex " + hiddenIndex + " outside 0.." + inputIds.length);
        }
    }

    /** The number of tokens. */
    public int tokenCount() {
        return inputIds.length;
    }

    /** The shape of the routing vector as the reference reports it: {@code [1, hidden]}. */
    public int[] shape() {
        return new int[] {1, vector.length};
    }

    /** The router's position rule: {@code n - 2}, or 0 when {@code n <= 1}. */
    public static int routerIndex(int tokenCount) {
        return tokenCount >= 2 ? tokenCount - 2 : 0;
    }

    /**
     * Stage timings in milliseconds.
     *
     * @param tokenizeMs tokenization
     * @param forwardMs the prefill forward pass, including the copy back to the host
     */
    public record Timings(double tokenizeMs, double forwardMs) {
        /** Total milliseconds. */
        public double totalMs() {
            return tokenizeMs + forwardMs;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HiddenState h && Arrays.equals(vector, h.vector) && Arrays.equals(inputIds, h.inputIds)
                && hiddenIndex == h.hiddenIndex && device.equals(h.device) && dtype.equals(h.dtype)
                && timings.equals(h.timings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(vector), Arrays.hashCode(inputIds), hiddenIndex, device, dtype, timings);
    }

    @Override
    public String toString() {
        return "HiddenState[tokens=" + inputIds.length + ", hiddenIndex=" + hiddenIndex + ", hidden=" + vector.length
                + ", device=" + device + ", dtype=" + dtype + "]";
    }
}
