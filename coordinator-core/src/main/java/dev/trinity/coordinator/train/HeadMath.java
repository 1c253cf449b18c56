package dev.trinity.coordinator.train;

/**
 * The router head's arithmetic for training: logits exactly as {@link dev.trinity.coordinator.route.RouterHead}
 * computes them (float weights, double accumulation, rounded once to float), argmax decisions, and the softmax
 * cross-entropy over the agent and role logits with its gradient.
 */
final class HeadMath {

    private HeadMath() {
    }

    /**
     * {@code logits[r] = (float) sum_c hidden[c] * head[r * H + c]}, accumulated in double in column order as
     * {@code RouterHead.logits} does, so decisions are bit-identical to routing with the exported vector.
     */
    static void logits(float[] head, int rows, float[] hidden, float[] out) {
        int h = hidden.length;
        for (int r = 0; r < rows; r++) {
            double sum = 0.0;
            int base = r * h;
            for (int c = 0; c < h; c++) {
                sum += (double) hidden[c] * head[base + c];
            }
            out[r] = (float) sum;
        }
    }

    /**
     * The same logits with four partial sums per row (about 3x faster; the last bits may differ from routing's
     * order): for sep-CMA-ES fitness, which only ranks candidates. Deterministic, so resumed runs rank the same.
     */
    static void fastLogits(float[] head, int rows, float[] hidden, float[] out) {
        int h = hidden.length;
        int end = h & ~3;
        for (int r = 0; r < rows; r++) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int base = r * h;
            for (int c = 0; c < end; c += 4) {
                s0 += (double) hidden[c] * head[base + c];
                s1 += (double) hidden[c + 1] * head[base + c + 1];
                s2 += (double) hidden[c + 2] * head[base + c + 2];
                s3 += (double) hidden[c + 3] * head[base + c + 3];
            }
            for (int c = end; c < h; c++) {
                s0 += (double) hidden[c] * head[base + c];
            }
            out[r] = (float) ((s0 + s1) + (s2 + s3));
        }
    }

    /** The index of the largest of {@code values[from, to)} minus {@code from}; the first wins a tie. */
    static int argmax(float[] values, int from, int to) {
        int best = from;
        for (int i = from + 1; i < to; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best - from;
    }

    /**
     * Adds the gradient of one case's loss {@code CE(agent) + CE(role)} (natural log) with respect to the head to
     * {@code grad}, scaled by {@code scale}, and returns the loss. Computed in double from double weights.
     */
    static double lossAndGradient(double[] head, int rows, int agents, float[] hidden, int agent, int role,
                                  double scale, double[] grad) {
        int h = hidden.length;
        double[] z = new double[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            int base = r * h;
            for (int c = 0; c < h; c++) {
                sum += hidden[c] * head[base + c];
            }
            z[r] = sum;
        }
        double loss = softmaxInPlace(z, 0, agents, agent) + softmaxInPlace(z, agents, rows, agents + role);
        if (grad != null) {
            for (int r = 0; r < rows; r++) {
                double g = scale * z[r];
                if (g == 0) {
                    continue;
                }
                int base = r * h;
                for (int c = 0; c < h; c++) {
                    grad[base + c] += g * hidden[c];
                }
            }
        }
        return loss;
    }

    /**
     * Cross-entropy of float logits (as routed) against the expected agent and role: the loss reported per epoch.
     */
    static double loss(float[] logits, int agents, int agent, int role) {
        double[] z = new double[logits.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = logits[i];
        }
        return softmaxInPlace(z, 0, agents, agent) + softmaxInPlace(z, agents, z.length, agents + role);
    }

    /** Replaces {@code z[from, to)} by {@code softmax - onehot(target)} and returns {@code -log softmax[target]}. */
    private static double softmaxInPlace(double[] z, int from, int to, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, z[i]);
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += Math.exp(z[i] - max);
        }
        double logSum = max + Math.log(sum);
        double loss = logSum - z[target];
        for (int i = from; i < to; i++) {
            z[i] = Math.exp(z[i] - logSum) - (i == target ? 1 : 0);
        }
        return loss;
    }
}
