package dev.trinity.coordinator.train;

/**
 * Adam with decoupled weight decay (AdamW, Loshchilov &amp; Hutter 2019): {@code beta1 0.9, beta2 0.999, eps 1e-8}.
 * The moments and the step count are the whole state, saved with every epoch so a resumed run continues exactly.
 */
final class Adam {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private Adam() {
    }

    /**
     * One step, in place.
     *
     * @param params the parameters
     * @param grad their gradient
     * @param m the first moments
     * @param v the second moments
     * @param step the step number, from 1
     * @param learningRate the step size
     * @param weightDecay the decoupled decay
     */
    static void step(double[] params, double[] grad, double[] m, double[] v, long step, double learningRate,
                     double weightDecay) {
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        for (int i = 0; i < params.length; i++) {
            m[i] = BETA1 * m[i] + (1 - BETA1) * grad[i];
            v[i] = BETA2 * v[i] + (1 - BETA2) * grad[i] * grad[i];
            double mHat = m[i] / correction1;
            double vHat = v[i] / correction2;
            params[i] -= learningRate * (mHat / (Math.sqrt(vHat) + EPSILON) + weightDecay * params[i]);
        }
    }
}
