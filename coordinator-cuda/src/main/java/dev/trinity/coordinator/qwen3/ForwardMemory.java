package dev.trinity.coordinator.qwen3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The working memory of one forward pass, estimated before it starts, so that an input too long for this machine
 * fails with one clear line instead of being killed by the kernel's OOM killer half-way through.
 *
 * <p>The estimate follows {@link Qwen3Forward}'s layout: one layer's activations for every packed row, one chunk's
 * projection and MLP temporaries, a few attention score blocks, the cached keys and values each sequence attends to,
 * and what the forward captures for the prefix cache. Measured peaks stay under it (docs/performance.md).
 */
final class ForwardMemory {

    /** Extra bytes allowed for allocator overhead and small arrays. */
    private static final long SLACK = 16L << 20;
    /** Forwards needing less than this are not checked against the machine's free memory. */
    private static final long SMALL = 256L << 20;

    private ForwardMemory() {
    }

    /** The bytes a forward over {@code pack} needs beyond the weights. */
    static long estimate(Qwen3Config config, Tiling tiling, Packing pack, long captureBytes, int elementBytes) {
        long hidden = config.hiddenSize();
        long q = (long) config.numAttentionHeads() * config.headDim();
        long kv = (long) config.numKeyValueHeads() * config.headDim();
        long intermediate = config.intermediateSize();
        long rows = pack.rows();
        long chunk = Math.min(rows, tiling.rowChunk());
        // Input, output and residual stream; qk and v (and the qkv they came from); attention context; RoPE tables.
        long perRow = elementBytes * (3 * hidden + 2 * (q + kv) + 2 * kv + q) + 2L * config.headDim() * Float.BYTES;
        // Norm temporaries, the qkv output and its normed / rotated copies, gate/up and the SwiGLU product.
        long perChunkRow = (long) elementBytes * (4 * hidden + 3 * (q + 2 * kv) + 6 * intermediate);
        long past = 0;
        long scores = 0;
        for (int b = 0; b < pack.size(); b++) {
            Segment s = pack.segment(b);
            if (s.start() > 0) {
                past += 4L * s.end() * kv * elementBytes; // keys and values with the cached rows, plus a conversion
            }
            long block = (long) config.numAttentionHeads() * s.fresh() * s.end() * Float.BYTES;
            scores = Math.max(scores, Math.min(block, tiling.scoreBlockBytes()));
        }
        // Scores, their float32 softmax and the probabilities of one block.
        return rows * perRow + chunk * perChunkRow + 3 * scores + past + captureBytes + SLACK;
    }

    /**
     * Fails when {@code needed} exceeds {@code limit}, or with {@code limit} 0 what this machine has available now.
     *
     * @param what the work, for the message (for example "a forward of 50000 tokens")
     * @throws ForwardMemoryException naming both sizes and what to do
     */
    static void check(long needed, long limit, String what) {
        if (limit == 0 && needed < SMALL) {
            return; // not worth reading /proc on every short route
        }
        long available = limit > 0 ? limit : available();
        if (needed > available) {
            throw new ForwardMemoryException(what + " needs about " + mb(needed) + " of working memory, but "
                    + (limit > 0 ? "the working-memory limit is " + mb(limit) : "only " + mb(available)
                    + " is available on this machine") + ". Route a shorter conversation (or fewer at once), "
                    + "lower the prefix cache's size, or free memory");
        }
    }

    /** Memory available to this process now: MemAvailable, or less under a cgroup limit; unlimited if unknown. */
    static long available() {
        long available = Long.MAX_VALUE;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    available = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            Path max = Path.of("/sys/fs/cgroup/memory.max");
            Path current = Path.of("/sys/fs/cgroup/memory.current");
            if (Files.isReadable(max) && Files.isReadable(current)) {
                String limit = Files.readString(max).strip();
                if (!limit.equals("max")) {
                    long room = Long.parseLong(limit) - Long.parseLong(Files.readString(current).strip());
                    available = Math.min(available, Math.max(0, room));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return available;
        }
        return available;
    }

    static String mb(long bytes) {
        return bytes >= (1L << 30) ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MB", bytes >> 20);
    }
}
