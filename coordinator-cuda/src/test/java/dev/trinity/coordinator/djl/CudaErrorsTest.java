package dev.trinity.coordinator.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.EngineException;
import dev.trinity.coordinator.adapted.Installation;
import dev.trinity.coordinator.qwen3.ComputeType;
import dev.trinity.coordinator.qwen3.Qwen3Model;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CUDA failures become one readable line; other failures pass through unchanged. */
class CudaErrorsTest {

    /** Messages in the form libtorch (c10::Error, with its backtrace) and the CUDA runtime print them. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CUDA error: CUDA driver version is insufficient for CUDA runtime version|the NVIDIA driver is older|"
                + "Update the NVIDIA driver",
        "CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.19 GiB|the GPU ran out of "
                + "memory|Free GPU memory",
        "CUDA error: no kernel image is available for execution on the device|no kernels for this GPU|"
                + "Use a libtorch built for this GPU",
        "Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU|no NVIDIA driver is loaded|"
                + "Install the NVIDIA driver",
        "CUDA error: all CUDA-capable devices are busy or unavailable|busy or unavailable|Free the GPU",
        "CUDA error: invalid device ordinal|does not exist|Pick a device",
        "Could not run 'aten::empty.memory_format' with arguments from the 'CUDA' backend.|CPU-only build|"
                + "Point PYTORCH_LIBRARY_PATH",
        "CUDA error: an illegal memory access was encountered|CUDA failed|Check the GPU with nvidia-smi",
        "CUDA error: forward compatibility was attempted on non supported HW|forward compatibility|Update the NVIDIA"
    })
    void known_cuda_failures_become_one_line(String libtorch, String what, String fix) {
        RuntimeException thrown = new EngineException(libtorch + "\nException raised from c10_cuda_check_implementation"
                + " at /pytorch/c10/cuda/CUDAException.cpp:43\nframe #0: c10::Error::Error(...) + 0x96");
        RuntimeException translated = CudaErrors.translate(thrown, "loading the model onto gpu(0)");
        assertThat(translated).isNotSameAs(thrown).isInstanceOf(EngineException.class).hasCause(thrown);
        String line = translated.getMessage();
        assertThat(line).doesNotContain("\n").doesNotContain("frame #0")
                .startsWith("loading the model onto gpu(0): ").contains(what).contains(". " + fix)
                .endsWith("or run on the CPU with device cpu");
        assertThat(((CudaException) translated).wording().render(s -> "--" + s.name().toLowerCase()))
                .endsWith("or run on the CPU with --device cpu");
        assertThat(line).contains("(" + CudaErrors.firstLine(libtorch) + ")");
    }

    @Test
    void the_cause_chain_is_searched() {
        RuntimeException wrapped = new IllegalStateException("forward failed",
                new EngineException("CUDA out of memory. Tried to allocate 20.00 MiB"));
        assertThat(CudaErrors.describe(wrapped, "running the model on gpu(0)"))
                .hasValueSatisfying(line -> assertThat(line).contains("the GPU ran out of memory"));
    }

    @Test
    void other_failures_pass_through_unchanged() {
        RuntimeException other = new IllegalArgumentException("position 9 outside 0..3");
        assertThat(CudaErrors.translate(other, "running the model on gpu(0)")).isSameAs(other);
        assertThat(CudaErrors.describe(new EngineException((String) null), "x")).isEmpty();
    }

    @Test
    void asking_for_cuda_without_a_gpu_names_the_cpu_only_libtorch_and_the_fix() {
        Assumptions.assumeTrue(DjlRuntime.gpuCount() == 0, "this machine has a GPU");
        Qwen3Options options = Qwen3Options.builder().device(DeviceSpec.parse("cuda")).computeType(ComputeType.FP32)
                .build();
        assertThatThrownBy(() -> Qwen3Model.load(Installation.resolve(Installation.TINY_MODEL), options))
                .isInstanceOf(IllegalArgumentException.class)
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageStartingWith("device cuda:0 needs a CUDA GPU, but libtorch " + DjlRuntime.libtorchVersion())
                .hasMessageContaining("is a CPU-only build. Point PYTORCH_LIBRARY_PATH at a CUDA libtorch")
                .hasMessageEndingWith("(docs/gpu.md), or use device cpu")
                .hasNoCause();
    }
}
