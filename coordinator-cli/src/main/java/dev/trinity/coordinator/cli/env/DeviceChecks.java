package dev.trinity.coordinator.cli.env;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.cuda.CudaUtils;
import dev.trinity.coordinator.djl.CudaErrors;
import dev.trinity.coordinator.djl.DjlRuntime;
import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Checks the device: GPU facts, a tiny op on the chosen device, and the operator's required device kind. */
final class DeviceChecks {

    private DeviceChecks() {
    }

    /** Records the GPU facts, probes GPU 0 (or the CPU when there is none) and returns that device. */
    static Device checkDevice(Map<String, String> facts, Consumer<String> progress) throws CheckProblem {
        progress.accept("device");
        int gpus = DjlRuntime.gpuCount();
        facts.put("gpu_count", String.valueOf(gpus));
        if (gpus > 0) {
            facts.put("cuda_runtime", guarded(() -> cudaVersion(CudaUtils.getCudaVersion())));
            List<String> models = driverGpuModels();
            if (!models.isEmpty()) {
                facts.put("gpu_models", String.join(", ", models));
            }
            for (int i = 0; i < gpus; i++) {
                int index = i;
                facts.put("gpu" + i + "_compute_capability",
                        guarded(() -> computeCapability(CudaUtils.getComputeCapability(index))));
                facts.put("gpu" + i + "_memory", guarded(() -> memory(CudaUtils.getGpuMemory(Device.gpu(index)))));
            }
        }
        Device device = gpus > 0 ? Device.gpu(0) : Device.cpu();
        probe(device);
        facts.put("device", device.toString());
        facts.put("device_probe", "ok");
        return device;
    }

    /** Runs a tiny computation on the device: proves that the JNI library, libtorch and (on a GPU) CUDA all work. */
    private static void probe(Device device) throws CheckProblem {
        float sum;
        try (NDManager manager = NDManager.newBaseManager(device, "PyTorch")) {
            NDArray values = manager.arange(4f);
            sum = values.mul(values).sum().getFloat();
        } catch (RuntimeException e) {
            String action = "a test computation on " + device;
            throw new CheckProblem(CudaErrors.describe(e, action).orElse(action + " failed ("
                    + CheckProblem.rootMessage(e)
                    + "). Check the libtorch installation with the facts above, or use --device cpu"));
        }
        if (sum != 14f) {
            throw new CheckProblem("a test computation on " + device + " gave " + sum + " instead of 14. libtorch is "
                    + "broken on this device; reinstall it or use another device");
        }
    }

    /** Records a required device kind and fails when CUDA is required but the device is not a GPU. */
    static void checkRequirement(EnvironmentCheck.Requirement requirement, Device device, Map<String, String> facts)
            throws CheckProblem {
        if (requirement == EnvironmentCheck.Requirement.NONE) {
            return;
        }
        facts.put("require", requirement.name().toLowerCase(Locale.ROOT));
        if (requirement == EnvironmentCheck.Requirement.CUDA && !device.isGpu()) {
            throw new CheckProblem("--require cuda, but no CUDA GPU is usable: " + DjlRuntime.noGpuCause() + ". "
                    + DjlRuntime.noGpuFix() + ", or run on the CPU (--require cpu)");
        }
    }

    /** The GPU model names the NVIDIA kernel driver lists (DJL does not expose them), or none. */
    private static List<String> driverGpuModels() {
        Path gpus = Path.of("/proc/driver/nvidia/gpus");
        List<String> models = new ArrayList<>();
        if (!Files.isDirectory(gpus)) {
            return models;
        }
        try (Stream<Path> entries = Files.list(gpus)) {
            for (Path entry : entries.sorted().toList()) {
                Path information = entry.resolve("information");
                if (Files.isReadable(information)) {
                    for (String line : Files.readAllLines(information)) {
                        if (line.startsWith("Model:")) {
                            models.add(line.substring("Model:".length()).strip());
                        }
                    }
                }
            }
        } catch (IOException e) {
            return models;
        }
        return models;
    }

    /** {@code 13000} -> {@code 13.0}. */
    static String cudaVersion(int version) {
        return version / 1000 + "." + (version % 1000) / 10;
    }

    /** {@code 90} -> {@code 9.0}. */
    static String computeCapability(String digits) {
        return digits.length() < 2 ? digits : digits.substring(0, digits.length() - 1) + "."
                + digits.substring(digits.length() - 1);
    }

    private static String memory(MemoryUsage usage) {
        long mib = 1024L * 1024L;
        return String.format(Locale.ROOT, "%d MiB total, %d MiB in use", usage.getMax() / mib,
                usage.getUsed() / mib);
    }

    private interface Fact {
        String get();
    }

    /** A fact that DJL's CUDA helper may fail to read; the failure becomes the value instead of a problem. */
    private static String guarded(Fact fact) {
        try {
            return fact.get();
        } catch (RuntimeException e) {
            return "unavailable (" + CheckProblem.rootMessage(e) + ")";
        }
    }
}
