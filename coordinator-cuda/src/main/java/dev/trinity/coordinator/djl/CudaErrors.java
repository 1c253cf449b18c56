package dev.trinity.coordinator.djl;

import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.Wording;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the CUDA failures libtorch reports through DJL (long {@code c10::Error} texts with C++ backtraces) into one
 * readable line that says what is wrong and what to do.
 *
 * <p>The table is matched on the lower-cased message of the exception and its causes, first match wins. Failures that
 * are not CUDA failures are left alone ({@link #describe} returns empty), so callers rethrow them unchanged. The fixes
 * name the library's settings ({@link Setting#DEVICE}, {@link Setting#COMPUTE_TYPE}); the CLI names its flags.
 */
public final class CudaErrors {

    /** One known failure: a text libtorch or the CUDA runtime prints, and the line we print instead. */
    private record Known(String needle, String what, Wording fix) {
        Known(String needle, String what, Object... fix) {
            this(needle, what, Wording.of(fix).then(", or run on the CPU with ", Setting.DEVICE, " cpu"));
        }
    }

    private static final List<Known> TABLE = List.of(
            new Known("driver version is insufficient", "the NVIDIA driver is older than the CUDA runtime libtorch was "
                    + "built for", "Update the NVIDIA driver, or use a libtorch built for an older CUDA (PYTORCH_FLAVOR, "
                    + "or PYTORCH_LIBRARY_PATH with PYTORCH_VERSION; docs/gpu.md)"),
            new Known("forward compatibility was attempted", "the NVIDIA driver is older than the CUDA runtime libtorch "
                    + "was built for (forward compatibility is not supported on this GPU)", "Update the NVIDIA driver, "
                    + "or use a libtorch built for an older CUDA (docs/gpu.md)"),
            new Known("out of memory", "the GPU ran out of memory", "Free GPU memory (check nvidia-smi for other "
                    + "processes), use ", Setting.COMPUTE_TYPE, " fp16 to halve the weights, shorten the input"),
            new Known("no kernel image is available", "libtorch has no kernels for this GPU's compute capability",
                    "Use a libtorch built for this GPU (a newer PyTorch or CUDA flavor; docs/gpu.md)"),
            new Known("found no nvidia driver", "no NVIDIA driver is loaded on this machine", "Install the NVIDIA "
                    + "driver (nvidia-smi must work)"),
            new Known("no cuda gpus are available", "no CUDA GPU is visible to libtorch", "Check nvidia-smi and "
                    + "CUDA_VISIBLE_DEVICES"),
            new Known("busy or unavailable", "the GPU is busy or unavailable (exclusive "
                    + "compute mode, or held by another process)", "Free the GPU or pick another with ",
                    Setting.DEVICE, " cuda:N"),
            new Known("invalid device ordinal", "the requested CUDA device does not exist", "Pick a device that "
                    + "nvidia-smi lists (", Setting.DEVICE, " cuda:N) and check CUDA_VISIBLE_DEVICES"),
            new Known("torch not compiled with cuda", "the libtorch DJL loaded is a CPU-only build", "Point "
                    + "PYTORCH_LIBRARY_PATH at a CUDA libtorch with matching PYTORCH_VERSION and PYTORCH_FLAVOR "
                    + "(docs/gpu.md)"),
            new Known("from the 'cuda' backend", "the libtorch DJL loaded is a CPU-only build", "Point "
                    + "PYTORCH_LIBRARY_PATH at a CUDA libtorch with matching PYTORCH_VERSION and PYTORCH_FLAVOR "
                    + "(docs/gpu.md)"),
            new Known("cuda error", "CUDA failed", "Check the GPU with nvidia-smi and the driver/libtorch versions "
                    + "with 'coordinator env-check --require cuda'"));

    private CudaErrors() {
    }

    /**
     * The readable line for a CUDA failure, or empty when {@code failure} is not one.
     *
     * @param failure what DJL or libtorch threw
     * @param action what was being done, for example {@code "loading the model onto gpu(0)"}
     * @return {@code "<action>: <what is wrong> (<libtorch's first line>). <what to do>"}, one line
     */
    public static Optional<String> describe(Throwable failure, String action) {
        return wording(failure, action).map(Wording::toString);
    }

    /**
     * {@link #describe} as a {@link Wording}, so a front end can name the settings its own way.
     *
     * @param failure what DJL or libtorch threw
     * @param action what was being done
     * @return the line, or empty when {@code failure} is not a CUDA failure
     */
    public static Optional<Wording> wording(Throwable failure, String action) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message == null) {
                continue;
            }
            String lower = message.toLowerCase(Locale.ROOT);
            for (Known known : TABLE) {
                if (lower.contains(known.needle())) {
                    return Optional.of(Wording.of(action + ": " + known.what() + " (" + firstLine(message) + "). ")
                            .then(known.fix()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Rethrows a CUDA failure as one {@link CudaException} with the readable line (keeping the original as its
     * cause); any other failure is returned unchanged for the caller to rethrow.
     *
     * @param failure what DJL or libtorch threw
     * @param action what was being done
     * @return {@code failure} itself when it is not a CUDA failure
     */
    public static RuntimeException translate(RuntimeException failure, String action) {
        return wording(failure, action).<RuntimeException>map(line -> new CudaException(line, failure))
                .orElse(failure);
    }

    /** The first line of libtorch's message without its backtrace, at most 200 characters. */
    public static String firstLine(String message) {
        String line = message.strip();
        int newline = line.indexOf('\n');
        if (newline >= 0) {
            line = line.substring(0, newline).strip();
        }
        if (line.endsWith(".")) {
            line = line.substring(0, line.length() - 1);
        }
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }
}
