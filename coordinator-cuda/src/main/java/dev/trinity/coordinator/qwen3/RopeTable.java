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

    int headDim() {
        return headDim;
    }

    /** Writes the rows of positions {@code from..from+count-1} into {@code out} from {@code offset} on. */
    void fill(int from, int count, boolean sine, float[] out, int offset) {
        int half = headDim / 2;
        for (int row = 0; row < count; row++) {
            int p = from + row;
            int at = offset + row * headDim;
            for (int i = 0; i < half; i++) {
                float angle = p * invFreq[i];
                if (sine) {
                    float s = (float) Math.sin(angle);
                    out[at + i] = -s;
                    out[at + half + i] = s;
                } else {
                    float c = (float) Math.cos(angle);
                    out[at + i] = c;
                    out[at + half + i] = c;
                }
            }
        }
    }
}
