package dev.trinity.coordinator.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.Wording;

/**
 * The one place that starts DJL: it sets the offline and tracking opt-out flags before the first DJL call and
 * turns engine failures into one clear error.
 *
 * <p>DJL contacts a cloud metadata address and tries downloads unless {@code ai.djl.offline=true} and
 * {@code OPT_OUT_TRACKING=true}; this library sets the system properties itself, so embedders get offline
 * behaviour without configuring anything. DJL's start-up INFO and WARN lines stay out of the embedder's log unless
 * their logging configuration names DJL's loggers ({@code ai.djl}).
 */
public final class DjlRuntime {

    private static final Object LOCK = new Object();
    private static volatile Engine engine;

    private DjlRuntime() {
    }

    /**
     * Sets DJL's offline and tracking flags and quiets its start-up logging where the embedder's logging
     * configuration does not name DJL (idempotent; cheap). Call before any other DJL class is touched.
     */
    public static void configureOffline() {
        DjlLogging.quiet();
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("offline", "true");
        // DJL reads OPT_OUT_TRACKING from the environment or from a system property of the same name.
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
    }

    /**
     * The PyTorch engine, loaded offline on first use.
     *
     * @throws EngineException with a hint when libtorch cannot be loaded
     */
    public static Engine engine() {
        Engine loaded = engine;
        if (loaded != null) {
            return loaded;
        }
        synchronized (LOCK) {
            if (engine == null) {
                configureOffline();
                MklDispatch.apply(); // before libtorch loads: MKL's dispatch is fixed when it starts
                try {
                    engine = Engine.getEngine("PyTorch");
                } catch (RuntimeException | UnsatisfiedLinkError e) {
                    throw new EngineException("cannot load the PyTorch engine offline (" + e.getMessage()
                            + "). Check that pytorch-native-cpu (or PYTORCH_LIBRARY_PATH with a matching "
                            + "PYTORCH_VERSION) is available; see docs/gpu.md", e);
                }
            }
            return engine;
        }
    }

    /** Sets libtorch's intra-op thread count (0 or less keeps the current setting). */
    public static void setThreads(int threads) {
        engine();
        if (threads > 0) {
            JniUtils.setNumThreads(threads);
        }
    }

    /** libtorch's current intra-op thread count. */
    public static int threads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /** The number of CUDA devices libtorch sees (0 on CPU-only builds). */
    public static int gpuCount() {
        return engine().getGpuCount();
    }

    /** Whether the loaded libtorch was built with CUDA (it may still see no GPU). */
    public static boolean libtorchHasCuda() {
        return engine().hasCapability(StandardCapabilities.CUDA);
    }

    /** The folder DJL loaded libtorch from. */
    public static String libtorchPath() {
        engine();
        return LibUtils.getLibtorchPath();
    }

    /**
     * Why no GPU is usable, for an error line: {@code "libtorch 2.7.1 (DIR) is a CPU-only build"}, or that a CUDA
     * build's runtime reports no GPU. {@link #noGpuFix()} says what to do.
     */
    public static String noGpuCause() {
        String lib = "libtorch " + libtorchVersion() + " (" + libtorchPath() + ")";
        return libtorchHasCuda() ? lib + " is built with CUDA, but the CUDA runtime (libcudart) reports no GPU"
                : lib + " is a CPU-only build";
    }

    /** What to do about {@link #noGpuCause()}, as an imperative sentence without a final period. */
    public static String noGpuFix() {
        return libtorchHasCuda()
                ? "Check nvidia-smi and CUDA_VISIBLE_DEVICES, and put the folder of libcudart.so on LD_LIBRARY_PATH "
                        + "(docs/gpu.md)"
                : "Point PYTORCH_LIBRARY_PATH at a CUDA libtorch with matching PYTORCH_VERSION and PYTORCH_FLAVOR "
                        + "(docs/gpu.md)";
    }

    /** The libtorch version DJL loaded, for example {@code 2.7.1}. */
    public static String libtorchVersion() {
        return engine().getVersion();
    }

    /**
     * Resolves a device spec to a DJL device, checking that it exists.
     *
     * @throws DeviceUnavailableException naming the spec and what is available
     */
    public static Device device(DeviceSpec spec) {
        int gpus = gpuCount();
        return switch (spec.kind()) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu(0) : Device.cpu();
            case CUDA -> {
                if (gpus == 0) {
                    throw new DeviceUnavailableException(Wording.of(Setting.DEVICE, " " + spec
                            + " needs a CUDA GPU, but " + noGpuCause() + ". " + noGpuFix() + ", or use ",
                            Setting.DEVICE, " cpu"));
                }
                if (spec.index() >= gpus) {
                    throw new DeviceUnavailableException(Wording.of(Setting.DEVICE, " " + spec + ": only " + gpus
                            + " CUDA device(s) are visible (cuda:0.." + (gpus - 1) + ")"));
                }
                yield Device.gpu(spec.index());
            }
        };
    }
}
