package dev.trinity.coordinator.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.safetensors.MalformedSafetensorsException;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import dev.trinity.coordinator.safetensors.SafetensorsWriter;
import dev.trinity.coordinator.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterVectorSplitTest {

    private static final Path SAKANA_VECTOR = TestFiles.resolve("priv/sakana/trinity_router_es_vector.safetensors");

    @Test
    void should_split_the_sakana_vector_at_9216() throws IOException {
        RouterVectorSplit split = RouterVectorSplit.read(SAKANA_VECTOR, 10, 1024);
        assertThat(split.scaleCount()).isEqualTo(9216);
        assertThat(split.headCount()).isEqualTo(10240);
        float[] whole;
        try (SafetensorsFile file = SafetensorsFile.open(SAKANA_VECTOR)) {
            whole = file.readFloats("trinity_router_es_vector");
        }
        assertThat(whole).hasSize(19456);
        assertThat(split.offsets()[9215]).isEqualTo(whole[9215]);
        assertThat(split.headWeights()[0]).isEqualTo(whole[9216]);
        assertThat(split.offsets(1024, 2048)).hasSize(1024).startsWith(whole[1024]);
        // the offsets lie in about [-0.337, 0.434] (spec §3.1)
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : split.offsets()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isBetween(-0.34f, -0.33f);
        assertThat(max).isBetween(0.43f, 0.44f);
    }

    @Test
    void should_give_the_reference_head_hash_and_rebuild_router_head_safetensors_byte_exactly(@TempDir Path tmp)
            throws IOException {
        RouterHead head = RouterVectorSplit.read(SAKANA_VECTOR, 10, 1024).head();
        // head_weight_sha256_as_f32 of the router trace (spec §1.6)
        assertThat(head.weightSha256AsF32())
                .isEqualTo("1897dfc218680a0bbdbd095c25857931f1c4842de81611574ea8bcc6a20342c3");
        // router_head.safetensors of the published bundle (spec §4.4): 41,050 bytes, sha 7ff2db0e…6c09be
        Path out = tmp.resolve("router_head.safetensors");
        SafetensorsWriter.builder().style(SafetensorsWriter.HeaderStyle.UNPADDED)
                .addFloats("trinity_router_head", new long[] {10, 1024}, head.weights()).write(out);
        assertThat(Files.size(out)).isEqualTo(41_050L);
        assertThat(sha256(out)).isEqualTo("7ff2db0e6659cac4dd68c5fff47a112768042b31321127aeb1412a6d8e6c09be");
    }

    @Test
    void should_split_the_tiny_fixture_vector_from_its_own_sizes(@TempDir Path tmp) throws IOException {
        // the qwen3-tiny-svf vector: 576 offsets + a {10, 64} head (fixture README §1)
        Path vector = TestFiles.resolve("priv/qwen3-tiny-svf/router_vector.safetensors");
        assertThat(sha256(vector)).isEqualTo("c41a1cb08d71d1956ce8bc944d3138e67009ee40f14603ea040cee6f04e8baed");
        RouterVectorSplit split = RouterVectorSplit.read(vector, 10, 64);
        assertThat(split.scaleCount()).isEqualTo(576);
        assertThat(split.headCount()).isEqualTo(640);
        // its bundle's router_head.safetensors, rebuilt byte-exactly (sha f9a0ef18…b865, 2,647 bytes)
        Path out = tmp.resolve("router_head.safetensors");
        SafetensorsWriter.builder().style(SafetensorsWriter.HeaderStyle.UNPADDED)
                .addFloats("trinity_router_head", new long[] {10, 64}, split.head().weights()).write(out);
        assertThat(Files.size(out)).isEqualTo(2_647L);
        assertThat(sha256(out)).isEqualTo("f9a0ef18d883c073eebdd780431b659f3228798a0dbe7fec777d7fd2d74eb865");
        // wrong hidden size: the split moves, so nothing silently matches
        assertThat(RouterVectorSplit.read(vector, 10, 32).scaleCount()).isEqualTo(896);
    }

    @Test
    void should_rebuild_the_tiny_reference_head_byte_exactly(@TempDir Path tmp) throws IOException {
        float[] w = new float[40];
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 8; c++) {
                w[r * 8 + c] = (float) (0.1 * (r + 1) + 0.01 * (c + 1));
            }
        }
        Path out = tmp.resolve("router_head.safetensors");
        SafetensorsWriter.builder().style(SafetensorsWriter.HeaderStyle.UNPADDED_SORTED_FIELDS)
                .addFloats("trinity_router_head", new long[] {5, 8}, RouterHead.of(w, 5, 8).weights()).write(out);
        assertThat(Files.size(out)).isEqualTo(244L);
        assertThat(sha256(out)).isEqualTo("32cede39079136e3ec92b386ce9dc963ee03b6e0c82f86c4607244817e36408c");
    }

    @Test
    void should_refuse_a_vector_shorter_than_the_head(@TempDir Path tmp) throws IOException {
        assertThatThrownBy(() -> RouterVectorSplit.split(new float[100], 10, 64))
                .hasMessageContaining("shorter than a {10, 64} head");
        Path bad = tmp.resolve("short.safetensors");
        SafetensorsWriter.builder().addFloats("trinity_router_es_vector", new long[] {100}, new float[100]).write(bad);
        assertThatThrownBy(() -> RouterVectorSplit.read(bad, 10, 64))
                .isInstanceOf(MalformedSafetensorsException.class).hasMessageContaining(bad.toString());
        Path twoTensors = tmp.resolve("two.safetensors");
        SafetensorsWriter.builder().addFloats("a", new long[] {1}, new float[1])
                .addFloats("b", new long[] {1}, new float[1]).write(twoTensors);
        assertThatThrownBy(() -> RouterVectorSplit.read(twoTensors, 10, 64))
                .hasMessageContaining("no tensor \"trinity_router_es_vector\"");
    }

    @Test
    void should_read_slot_labels_from_the_es_log() throws IOException {
        AgentSlots slots = AgentSlots.fromEsLog(TestFiles.resolve("priv/sakana/sakana_es_log.json"));
        assertThat(slots).isEqualTo(AgentSlots.sakana());
        assertThat(slots.label(5)).isEqualTo("Qwen/Qwen3-32B (reasoning)");
        assertThat(slots.label(7)).isEqualTo("agent_7");
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
