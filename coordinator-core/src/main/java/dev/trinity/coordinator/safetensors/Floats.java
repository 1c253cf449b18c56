package dev.trinity.coordinator.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/** Conversions between float32 and the 16-bit float formats, bit-exact. */
public final class Floats {

    private Floats() {
    }

    /** BF16 bits to float: the upper 16 bits of a float32. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Float to BF16 with round-to-nearest-even (NaN stays a quiet NaN), as PyTorch casts. */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** Whether a float survives a BF16 round trip unchanged. */
    public static boolean isBf16Exact(float value) {
        return (Float.floatToRawIntBits(value) & 0xFFFF) == 0;
    }

    /**
     * The first element of {@code values[from, to)} that is NaN or infinite.
     *
     * @return its index, or -1 when all are finite
     */
    public static long firstNonFinite(FloatBuffer values, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(values.get(i))) {
                return i - from;
            }
        }
        return -1;
    }

    /**
     * The first element of little-endian tensor bytes that is NaN or infinite (an all-ones exponent), read in
     * place without converting.
     *
     * @param bytes the tensor's bytes, from position to limit
     * @param dtype a floating dtype
     * @return the element index, or -1 when all are finite
     * @throws IllegalArgumentException for a non-floating dtype
     */
    public static long firstNonFinite(ByteBuffer bytes, DType dtype) {
        ByteBuffer data = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case BF16:
                return firstAllOnes(data.asShortBuffer(), 0x7F80);
            case F16:
                return firstAllOnes(data.asShortBuffer(), 0x7C00);
            case F32: {
                IntBuffer words = data.asIntBuffer();
                for (int i = 0; i < words.limit(); i++) {
                    if ((words.get(i) & 0x7F800000) == 0x7F800000) {
                        return i;
                    }
                }
                return -1;
            }
            case F64: {
                LongBuffer words = data.asLongBuffer();
                for (int i = 0; i < words.limit(); i++) {
                    if ((words.get(i) & 0x7FF0000000000000L) == 0x7FF0000000000000L) {
                        return i;
                    }
                }
                return -1;
            }
            default:
                throw new IllegalArgumentException("dtype " + dtype + " is not a float type");
        }
    }

    private static long firstAllOnes(ShortBuffer halves, int exponentMask) {
        for (int i = 0; i < halves.limit(); i++) {
            if ((halves.get(i) & exponentMask) == exponentMask) {
                return i;
            }
        }
        return -1;
    }

    /** IEEE 754 half-precision bits to float (subnormals, infinities and NaN included). */
    public static float f16ToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
