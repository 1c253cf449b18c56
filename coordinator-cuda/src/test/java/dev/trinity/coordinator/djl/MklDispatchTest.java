package dev.trinity.coordinator.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.trinity.coordinator.djl.MklDispatch.CpuInfo;
import dev.trinity.coordinator.djl.MklDispatch.Mode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** MKL's dispatch on AMD CPUs, set from inside the JVM: the decision table, and its effect on this machine. */
class MklDispatchTest {

    private static final CpuInfo AMD_AVX2 = new CpuInfo(true, Set.of("fma", "avx2"));
    private static final CpuInfo AMD_AVX512 = new CpuInfo(true, Set.of("avx2", "avx512f", "avx512bw"));

    @Test
    void the_cpu_and_the_users_settings_decide() {
        assertThat(MklDispatch.plan(new CpuInfo(false, Set.of("avx512f")), Map.of(), "").mode())
                .isEqualTo(Mode.NOT_NEEDED);
        assertThat(MklDispatch.plan(AMD_AVX2, Map.of(), "").mode()).isEqualTo(Mode.CBWR_AVX2);
        assertThat(MklDispatch.plan(AMD_AVX512, Map.of(), "").mode()).isEqualTo(Mode.INTEL_CHECK);
        assertThat(MklDispatch.plan(AMD_AVX512, Map.of("MKL_CBWR", "AVX512"), "").detail())
                .contains("MKL_CBWR=AVX512");
        assertThat(MklDispatch.plan(AMD_AVX2, Map.of("LD_PRELOAD", "/x/libmkl_intel_shim.so"), "").mode())
                .isEqualTo(Mode.USER_SETTING);
        assertThat(MklDispatch.plan(AMD_AVX2, Map.of("TRINITY_MKL_INTEL", "0"), "").mode())
                .isEqualTo(Mode.OPTED_OUT);
        assertThat(MklDispatch.plan(AMD_AVX512, Map.of(), "OFF").mode()).isEqualTo(Mode.OPTED_OUT);
        assertThat(MklDispatch.plan(new CpuInfo(true, Set.of("sse4_2")), Map.of(), "").mode())
                .isEqualTo(Mode.NOT_NEEDED);
    }

    @Test
    void on_this_machine_mkl_sees_the_setting_before_its_first_gemm() {
        MklDispatch.Outcome planned = MklDispatch.plan(CpuInfo.read(), System.getenv(),
                System.getProperty("trinity.mkl.dispatch", ""));
        DjlRuntime.engine();
        MklDispatch.Outcome applied = MklDispatch.apply();
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            NDArray a = manager.randomNormal(new Shape(64, 256));
            a.matMul(manager.randomNormal(new Shape(256, 256))).close();
        }

        // The build has a C compiler wherever these tests run, so the helper is there and does what was planned.
        assertThat(applied).isEqualTo(planned);
        switch (applied.mode()) {
            case CBWR_AVX2 -> assertThat(MklDispatch.nativeEnv("MKL_CBWR")).isEqualTo("AVX2");
            case INTEL_CHECK -> assertThat(MklDispatch.intelChecks()).as("MKL called the in-process check").isPositive();
            default -> assertThat(applied.detail()).startsWith("MKL dispatch:");
        }
    }
}
