package dev.trinity.coordinator.train;

import java.util.Arrays;

/**
 * The parts of a router vector while it trains: the SVF offsets first, then the head. The optimiser moves the head,
 * or with head+svf the whole vector; every other vector it sees is the starting one with those values replaced.
 */
final class VectorLayout {

    private final float[] start;
    private final int offsetCount;
    private final boolean trainsSvf;

    /**
     * @param start the starting router vector (not copied; never written)
     * @param headValues the head's size, rows x hidden
     * @param trainsSvf whether the offsets move too
     */
    VectorLayout(float[] start, int headValues, boolean trainsSvf) {
        this.start = start;
        this.offsetCount = start.length - headValues;
        this.trainsSvf = trainsSvf;
    }

    /** The starting vector. */
    float[] start() {
        return start;
    }

    /** How many values the optimiser moves. */
    int paramCount() {
        return trainsSvf ? start.length : start.length - offsetCount;
    }

    /** Whether a vector has the starting offsets, so the model needs no new SVF adaptation. */
    boolean keepsOffsets(float[] vector) {
        return !trainsSvf || Arrays.equals(vector, 0, offsetCount, start, 0, offsetCount);
    }

    float[] head(float[] vector) {
        return Arrays.copyOfRange(vector, offsetCount, vector.length);
    }

    float[] offsets(float[] vector) {
        return Arrays.copyOfRange(vector, 0, offsetCount);
    }

    /** The values the optimiser moves. */
    float[] params(float[] vector) {
        return trainsSvf ? vector.clone() : head(vector);
    }

    /** The router vector for the optimiser's values. */
    float[] fromParams(float[] params) {
        return trainsSvf ? params : withHead(params);
    }

    /** The starting vector with another head. */
    float[] withHead(float[] head) {
        float[] out = start.clone();
        System.arraycopy(head, 0, out, offsetCount, head.length);
        return out;
    }

    static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    static float[] narrow(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
