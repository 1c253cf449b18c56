package dev.trinity.coordinator.qwen3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;

/** Where each segment's fresh tokens sit in the packed activations of a forward: row after row, no padding. */
final class Packing {

    private final List<Segment> segments;
    private final int[] offsets;
    private final int rows;

    Packing(List<Segment> segments) {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a forward needs at least one sequence");
        }
        this.segments = List.copyOf(segments);
        this.offsets = new int[segments.size()];
        int total = 0;
        for (int b = 0; b < segments.size(); b++) {
            offsets[b] = total;
            total += segments.get(b).fresh();
        }
        this.rows = total;
    }

    int size() {
        return segments.size();
    }

    Segment segment(int b) {
        return segments.get(b);
    }

    /** The first packed row of segment {@code b}. */
    int offset(int b) {
        return offsets[b];
    }

    /** All packed rows. */
    int rows() {
        return rows;
    }

    /** RoPE cosines or pre-signed sines of every packed row at its own position, (rows, headDim) row-major. */
    float[] rope(RopeTable table, boolean sine) {
        int d = table.headDim();
        float[] out = new float[rows * d];
        for (int b = 0; b < segments.size(); b++) {
            Segment s = segments.get(b);
            table.fill(s.start(), s.fresh(), sine, out, offsets[b] * d);
        }
        return out;
    }

    /** The rows of {@code x} at each segment's last token, (segments, ...). */
    NDArray lastRows(NDArray x) {
        if (segments.size() == 1) {
            return x.get(new NDIndex("{}:", rows - 1));
        }
        long[] last = new long[segments.size()];
        for (int b = 0; b < last.length; b++) {
            last[b] = offsets[b] + segments.get(b).fresh() - 1L;
        }
        return x.get(x.getManager().create(last));
    }
}
