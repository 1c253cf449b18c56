package dev.trinity.coordinator.cli.env;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.util.Utils;
import dev.trinity.coordinator.djl.DjlRuntime;
import java.util.Map;
import java.util.function.Consumer;

/** Checks the Java runtime and that DJL's PyTorch engine loads offline with tracking off. */
final class RuntimeChecks {

    private static final int MINIMUM_JAVA = 17;

    private RuntimeChecks() {
    }

    /** Records the Java version and VM; fails below Java 17. */
    static void checkJava(Map<String, String> facts, Consumer<String> progress) throws CheckProblem {
        progress.accept("java");
        int feature = Runtime.version().feature();
        facts.put("java_version", System.getProperty("java.version"));
        facts.put("java_vm", System.getProperty("java.vm.name") + " (" + System.getProperty("java.vendor") + ")");
        if (feature < MINIMUM_JAVA) {
            throw new CheckProblem("Java " + feature + " is too old; the coordinator needs Java " + MINIMUM_JAVA
                    + " or newer. Install a Java " + MINIMUM_JAVA + "+ runtime and put it first on PATH (or set "
                    + "JAVA_HOME)");
        }
    }

    /** Puts DJL offline, then records the engine, libtorch and thread facts; fails if DJL could go online. */
    static void checkEngine(Map<String, String> facts, Consumer<String> progress) throws CheckProblem {
        progress.accept("djl engine");
        DjlRuntime.configureOffline();
        // What DJL itself decides: DJL_OFFLINE in the environment overrides the system property.
        if (!Utils.isOfflineMode()) {
            throw new CheckProblem("DJL is not in offline mode (DJL_OFFLINE=" + System.getenv("DJL_OFFLINE")
                    + " overrides it), so it may try downloads. Unset DJL_OFFLINE or set DJL_OFFLINE=true");
        }
        facts.put("djl_offline", "true");
        String tracking = Utils.getEnvOrSystemProperty("OPT_OUT_TRACKING");
        if (!Boolean.parseBoolean(tracking)) {
            throw new CheckProblem("DJL usage tracking is on (OPT_OUT_TRACKING=" + tracking + "), so it contacts a "
                    + "cloud metadata address. Unset OPT_OUT_TRACKING or set OPT_OUT_TRACKING=true");
        }
        facts.put("djl_tracking_opt_out", "true");
        Engine engine;
        try {
            engine = DjlRuntime.engine();
        } catch (EngineException e) {
            throw new CheckProblem("the PyTorch engine does not load offline (" + CheckProblem.rootMessage(e)
                    + "). Check that pytorch-native-cpu is on the class path, or that PYTORCH_LIBRARY_PATH points at "
                    + "a libtorch folder with matching PYTORCH_VERSION and PYTORCH_FLAVOR (docs/gpu.md)");
        }
        facts.put("djl_version", Engine.getDjlVersion());
        facts.put("djl_engine", engine.getEngineName());
        facts.put("libtorch_version", DjlRuntime.libtorchVersion());
        facts.put("libtorch_path", DjlRuntime.libtorchPath());
        facts.put("libtorch_cuda_build", String.valueOf(DjlRuntime.libtorchHasCuda()));
        String flavor = Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR");
        if (flavor != null && !flavor.isBlank()) {
            facts.put("pytorch_flavor", flavor);
        }
        facts.put("cpu_threads", String.valueOf(DjlRuntime.threads()));
    }
}
