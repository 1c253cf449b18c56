package dev.trinity.coordinator.safetensors;

import java.util.Arrays;

/**
 * One tensor entry of a safetensors header.
 *
 * @param name the tensor key
 * @param dtype element type
 * @param shape dimensions, row-major
 * @param begin start of the data, relative to the data section (after the header)
 * @param end end of the data (exclusive), relative to the data section
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    /** Copies the shape. */
    public TensorInfo {
        shape = shape.clone();
    }

    /** Number of elements (1 for a scalar). */
    public long elementCount() {
        return elementCount(shape);
    }

    /** Number of data bytes. */
    public long byteLength() {
        return end - begin;
    }

    /** The shape as a copy. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The shape as text, for example {@code [2048, 1024]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + shapeText() + " [" + begin + ", " + end + ")";
    }
}
