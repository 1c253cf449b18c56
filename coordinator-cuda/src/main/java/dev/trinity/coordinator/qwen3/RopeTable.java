package dev.trinity.coordinator.qwen3;

/**
 * RoPE cosines and sines in Hugging Face's layout (rotate-half: pair i with i + headDim/2), computed the way
 * transformers does in float32: {@code inv_freq = 1 / theta^(2i/d)}, angle = position * inv_freq.
 *
 * <p>The sine table is stored pre-signed ({@code -sin} in the first half), so that
 * {@code rope(x) = x * cos + swapHalves(x) * signedSin} needs no negation at run time.
 */
final class RopeTable {

    private final int headDim;
    private final float[] invFreq;

    RopeTable(int headDim, double theta) {
        this.headDim = headDim;
        int half = headDim / 2;
        invFreq = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / headDim;
            float power = (float) Math.pow(theta, exponent);
            invFreq[i] = 1.0f / power;
        }
    }

    /** Cosines, (positions, headDim), for positions 0..count-1. */
    float[] cos(int count) {
        return table(count, false);
    }

    /** Pre-signed sines, (positions, headDim), for positions 0..count-1. */
    float[] signedSin(int count) {
        return table(count, true);
    }

    private float[] table(int count, boolean sine) {
        int half = headDim / 2;
        float[] out = new float[count * headDim];
        for (int p = 0; p < count; p++) {
            for (int i = 0; i < half; i++) {
                float angle = p * invFreq[i];
                if (sine) {
                    float s = (float) Math.sin(angle);
                    out[p * headDim + i] = -s;
                    out[p * headDim + half + i] = s;
                } else {
                    float c = (float) Math.cos(angle);
                    out[p * headDim + i] = c;
                    out[p * headDim + half + i] = c;
                }
            }
        }
        return out;
    }
}
