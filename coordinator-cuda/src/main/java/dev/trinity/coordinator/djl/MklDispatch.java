package dev.trinity.coordinator.djl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes oneMKL, which does libtorch's float32 GEMMs, take its fast kernels on AMD CPUs, from inside the JVM, so that
 * every embedder gets what the {@code coordinator} launcher used to arrange with environment variables: on this
 * project's AMD machines MKL's default dispatch runs the router about 1.2-2x slower (docs/performance.md).
 *
 * <ul>
 *   <li>AVX-512: MKL's "is this an Intel CPU?" check is answered yes by a small native library promoted to the
 *       global symbol scope before libtorch loads, so MKL takes its AVX-512 kernels.</li>
 *   <li>AVX2 only: {@code MKL_CBWR=AVX2} is set in the process environment before MKL initialises (its AVX2 kernels
 *       beat the Intel-check answer there).</li>
 * </ul>
 *
 * <p>A setting the user made ({@code MKL_CBWR}, or the shim in {@code LD_PRELOAD}) is kept; {@code TRINITY_MKL_INTEL=0}
 * or {@code -Dtrinity.mkl.dispatch=off} leaves MKL alone. Where the native helper is missing (built only where a C
 * compiler was present), one warning names the JVM setting that does the same. The golden tests run under it.
 */
public final class MklDispatch {

    private static final Logger LOG = LoggerFactory.getLogger(MklDispatch.class);
    private static final String LIBRARY = "libtrinity_mkl.so";

    /** What {@link #apply()} did. */
    public enum Mode {
        /** Not an AMD x86-64 CPU on Linux: MKL's own dispatch is right. */
        NOT_NEEDED,
        /** Turned off by {@code TRINITY_MKL_INTEL=0} or {@code -Dtrinity.mkl.dispatch=off}. */
        OPTED_OUT,
        /** The user set {@code MKL_CBWR} or preloaded the Intel-check shim: kept as it is. */
        USER_SETTING,
        /** {@code MKL_CBWR=AVX2} set in-process. */
        CBWR_AVX2,
        /** MKL's Intel check answered in-process (AVX-512 kernels). */
        INTEL_CHECK,
        /** Would help, but the native helper could not be loaded: MKL runs its slow path. */
        UNAVAILABLE
    }

    /**
     * The outcome.
     *
     * @param mode what was done
     * @param detail one line for env-check and bench reports
     */
    public record Outcome(Mode mode, String detail) {
    }

    private static Outcome outcome;

    private MklDispatch() {
    }

    /**
     * Applies the dispatch for this CPU once; later calls return the first outcome. Must run before libtorch is
     * loaded ({@link DjlRuntime#engine()} calls it first).
     */
    public static synchronized Outcome apply() {
        if (outcome == null) {
            outcome = run(plan(CpuInfo.read(), System.getenv(), System.getProperty("trinity.mkl.dispatch", "")));
            if (outcome.mode() == Mode.UNAVAILABLE) {
                LOG.warn(outcome.detail());
            }
        }
        return outcome;
    }

    /** What to do on a CPU, given the environment and the {@code trinity.mkl.dispatch} property. */
    static Outcome plan(CpuInfo cpu, Map<String, String> env, String property) {
        if (!cpu.amd()) {
            return new Outcome(Mode.NOT_NEEDED, "MKL dispatch: its own (not an AMD x86-64 CPU on Linux)");
        }
        if ("0".equals(env.get("TRINITY_MKL_INTEL")) || property.equalsIgnoreCase("off")) {
            return new Outcome(Mode.OPTED_OUT, "MKL dispatch: left alone on this AMD CPU (TRINITY_MKL_INTEL=0 or "
                    + "-Dtrinity.mkl.dispatch=off); expect slower GEMMs");
        }
        String preload = env.getOrDefault("LD_PRELOAD", "");
        if (env.containsKey("MKL_CBWR") || preload.contains("mkl_intel_shim")) {
            return new Outcome(Mode.USER_SETTING, "MKL dispatch: as set in the environment ("
                    + (env.containsKey("MKL_CBWR") ? "MKL_CBWR=" + env.get("MKL_CBWR") : "LD_PRELOAD shim") + ")");
        }
        if (cpu.flags().contains("avx512f")) {
            return new Outcome(Mode.INTEL_CHECK, "MKL dispatch: AVX-512 kernels (its Intel check answered in-process)");
        }
        if (cpu.flags().contains("avx2")) {
            return new Outcome(Mode.CBWR_AVX2, "MKL dispatch: AVX2 kernels (MKL_CBWR=AVX2 set in-process)");
        }
        return new Outcome(Mode.NOT_NEEDED, "MKL dispatch: its own (no AVX2 on this CPU)");
    }

    private static Outcome run(Outcome planned) {
        if (planned.mode() != Mode.INTEL_CHECK && planned.mode() != Mode.CBWR_AVX2) {
            return planned;
        }
        String fix = planned.mode() == Mode.CBWR_AVX2 ? "start the JVM with the environment variable MKL_CBWR=AVX2"
                : "start the JVM with LD_PRELOAD of a library defining int mkl_serv_intel_cpu_true(void) { return 1; } "
                        + "or with MKL_CBWR=AVX512";
        try {
            Path library = load();
            boolean done = planned.mode() == Mode.CBWR_AVX2 ? MklNative.setenvIfUnset("MKL_CBWR", "AVX2") == 0
                    : MklNative.promote(library.toString());
            return done ? planned : unavailable("the native helper refused", fix);
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            return unavailable(e.getMessage(), fix);
        }
    }

    private static Outcome unavailable(String why, String fix) {
        return new Outcome(Mode.UNAVAILABLE, "MKL dispatch: slow default path on this AMD CPU (the library could not "
                + "set it in-process: " + why + "); for GEMMs up to 2x faster, " + fix + " (docs/performance.md)");
    }

    /** Copies the helper out of the jar and loads it. */
    private static Path load() throws IOException {
        try (InputStream in = MklDispatch.class.getResourceAsStream(LIBRARY)) {
            if (in == null) {
                throw new IOException(LIBRARY + " is not in this build (no C compiler when it was built)");
            }
            Path file = Files.createTempFile("trinity-mkl-", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toString());
            return file;
        }
    }

    /** How many times MKL asked the in-process helper whether the CPU is Intel; -1 when it is not loaded. */
    static long intelChecks() {
        return outcome != null && outcome.mode() == Mode.INTEL_CHECK ? MklNative.intelChecks() : -1;
    }

    /** The C library's current value of an environment variable (what MKL reads), when the helper is loaded. */
    static String nativeEnv(String name) {
        return outcome != null && (outcome.mode() == Mode.CBWR_AVX2 || outcome.mode() == Mode.INTEL_CHECK)
                ? MklNative.getenv(name) : System.getenv(name);
    }

    /**
     * The CPU facts that decide the dispatch.
     *
     * @param amd an AMD x86-64 CPU on Linux
     * @param flags the CPU flags of /proc/cpuinfo
     */
    record CpuInfo(boolean amd, Set<String> flags) {

        static CpuInfo read() {
            String arch = System.getProperty("os.arch", "");
            Path cpuinfo = Path.of("/proc/cpuinfo");
            if (!(arch.equals("amd64") || arch.equals("x86_64")) || !Files.isReadable(cpuinfo)) {
                return new CpuInfo(false, Set.of());
            }
            try {
                boolean amd = false;
                Set<String> flags = Set.of();
                for (String line : Files.readAllLines(cpuinfo)) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("vendor_id")) {
                        amd = lower.contains("authenticamd");
                    } else if (lower.startsWith("flags") && flags.isEmpty()) {
                        flags = Set.copyOf(Arrays.asList(lower.substring(lower.indexOf(':') + 1).trim().split("\\s+")));
                    }
                }
                return new CpuInfo(amd, flags);
            } catch (IOException e) {
                return new CpuInfo(false, Set.of());
            }
        }
    }
}
