package dev.trinity.coordinator.qwen3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.adapted.Installation;
import dev.trinity.coordinator.djl.DeviceSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Thousands of forwards leave no arrays behind and do not grow native memory. */
class Qwen3LeakTest {

    @Test
    void many_forwards_keep_array_count_and_resident_memory_flat() throws IOException {
        try (Qwen3Model model = Qwen3Model.load(Installation.resolve(Installation.TINY_MODEL),
                Qwen3Options.builder().device(DeviceSpec.CPU).threads(2).build())) {
            int[] ids = GoldenCases.ids(GoldenCases.named("len64_paragraph"));
            for (int i = 0; i < 300; i++) { // warm up allocator pools and the JIT
                model.hiddenAt(ids, 62);
            }
            long arrays = model.managedArrayCount();
            long nativeBefore = nativeKb();
            for (int i = 0; i < 2000; i++) {
                model.hiddenAt(ids, 62);
                if (i % 500 == 0) {
                    model.hiddenStates(new int[] {1, 2, 3});
                }
            }
            assertThat(model.managedArrayCount()).as("arrays held by the model").isEqualTo(arrays);
            long growthKb = nativeKb() - nativeBefore;
            // A leak of the per-call activations (about 200 KB per forward here) would add > 400 MB.
            assertThat(growthKb).as("native memory growth over 2000 forwards, KB").isLessThan(64 * 1024);
        }
    }

    /** Resident memory not accounted for by the JVM's own heap and non-heap pools: native allocations. */
    private static long nativeKb() throws IOException {
        System.gc();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long jvm = memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted();
        return rssKb() - jvm / 1024;
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
