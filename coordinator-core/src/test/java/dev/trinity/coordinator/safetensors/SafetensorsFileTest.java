package dev.trinity.coordinator.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.testing.TestFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @TempDir
    Path dir;

    @Test
    void reads_the_tiny_model_written_by_python_safetensors() throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(TestFiles.resolve("priv/qwen3-tiny/model.safetensors"))) {
            assertThat(file.tensors()).hasSize(46);
            assertThat(file.metadata()).containsEntry("format", "pt");
            TensorInfo embed = file.tensor("model.embed_tokens.weight");
            assertThat(embed.dtype()).isEqualTo(DType.BF16);
            assertThat(embed.shape()).containsExactly(151936, 64);
            TensorInfo q = file.tensor("model.layers.0.self_attn.q_proj.weight");
            assertThat(q.shape()).containsExactly(128, 64);
            float[] norm = file.readFloats("model.norm.weight");
            assertThat(norm).hasSize(64);
            for (float value : norm) {
                assertThat(Floats.isBf16Exact(value)).isTrue();
                assertThat(value).isBetween(0.5f, 1.5f); // drawn as 1 + 0.1 * randn
            }
        }
    }

    @Test
    void standard_style_rewrites_python_files_byte_for_byte() throws Exception {
        for (String name : new String[] {"priv/qwen3-tiny/model.safetensors",
                "priv/sakana/trinity_router_es_vector.safetensors"}) {
            Path original = TestFiles.resolve(name);
            SafetensorsWriter writer = SafetensorsWriter.builder();
            try (SafetensorsFile file = SafetensorsFile.open(original)) {
                file.metadata().forEach(writer::metadata);
                for (TensorInfo info : file.tensors()) {
                    writer.add(info.name(), info.dtype(), info.shape(), file.readBytes(info.name()));
                }
            }
            assertThat(sha256(writer.toBytes())).as(name).isEqualTo(sha256(Files.readAllBytes(original)));
        }
    }

    @Test
    void round_trips_every_supported_dtype_with_unaligned_offsets() throws IOException {
        Path path = dir.resolve("mixed.safetensors");
        float[] values = {1.5f, -2.25f, 3.0e-3f, 65504f, -0.0f, 1e-7f};
        SafetensorsWriter.builder()
                .style(SafetensorsWriter.HeaderStyle.UNPADDED)
                .metadata("format", "pt")
                .addFloats("a.f32", new long[] {2, 3}, values)
                .addBf16("b.bf16", new long[] {6}, values)
                .add("c.f16", DType.F16, new long[] {3}, halves((short) 0x3C00, (short) 0xC000, (short) 0x0001))
                .add("d.i32", DType.I32, new long[] {2}, le(4, 7, -9))
                .add("e.i64", DType.I64, new long[] {2}, le(8, 1L << 40, -3))
                .write(path);
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertThat(file.readFloats("a.f32")).containsExactly(values);
            float[] bf16 = file.readFloats("b.bf16");
            assertThat(bf16[0]).isEqualTo(1.5f);
            assertThat(bf16[3]).isEqualTo(65536f); // 65504 rounds to nearest even in bf16
            assertThat(Float.floatToRawIntBits(bf16[4])).isEqualTo(0x80000000);
            assertThat(file.readFloats("c.f16")).containsExactly(1.0f, -2.0f, 0x1p-24f);
            assertThat(file.readLongs("d.i32")).containsExactly(7, -9);
            assertThat(file.readLongs("e.i64")).containsExactly(1L << 40, -3);
            assertThat(file.metadata()).containsEntry("format", "pt");
        }
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(path), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).as("unpadded header leaves the data unaligned").isNotZero();
    }

    @Test
    void finds_the_first_non_finite_element_across_read_chunks_with_unaligned_offsets() throws IOException {
        // given: 6 MB of F32 (two 4 MB read chunks) with +inf at element 1,200,001, and BF16 with NaN at 3
        float[] big = new float[1_500_000];
        java.util.Arrays.fill(big, 0.5f);
        big[1_200_001] = Float.POSITIVE_INFINITY;
        Path path = dir.resolve("nonfinite.safetensors");
        SafetensorsWriter.builder().style(SafetensorsWriter.HeaderStyle.UNPADDED)
                .addBf16("small", new long[] {5}, new float[] {1f, 2f, -3f, Float.NaN, 4f})
                .addFloats("big", new long[] {big.length}, big)
                .addFloats("clean", new long[] {3}, new float[] {1f, -1f, 0f})
                .write(path);

        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertThat(file.firstNonFinite("big")).isEqualTo(1_200_001);
            assertThat(file.firstNonFinite("small")).isEqualTo(3);
            assertThat(file.firstNonFinite("clean")).isEqualTo(-1);
        }
    }

    @Test
    void reads_tensors_beyond_two_gigabytes_in_a_sparse_file() throws IOException {
        long gap = (1L << 31) + 12345;
        String header = "{\"pad\":{\"dtype\":\"U8\",\"shape\":[" + gap + "],\"data_offsets\":[0," + gap + "]},"
                + "\"tail\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + gap + "," + (gap + 8) + "]}}";
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        Path path = dir.resolve("big.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
            raf.write(le(8, headerBytes.length));
            raf.write(headerBytes);
            raf.seek(8 + headerBytes.length + gap);
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(4.5f).putFloat(-1f).array());
        }
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertThat(file.readFloats("tail")).containsExactly(4.5f, -1f);
        }
    }

    @Test
    void rejects_a_file_shorter_than_the_length_prefix() throws IOException {
        assertMalformed(bytes(new byte[] {1, 2, 3}), "too short for the 8-byte header length");
    }

    @Test
    void rejects_a_header_length_past_the_end() throws IOException {
        assertMalformed(withHeader(100, "{}"), "runs past the end of the file");
    }

    @Test
    void rejects_bad_json() throws IOException {
        assertMalformed(withHeader("{\"a\":"), "header is not valid JSON");
    }

    @Test
    void rejects_an_unknown_dtype() throws IOException {
        assertMalformed(withHeader("{\"a\":{\"dtype\":\"F8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1),
                "tensor \"a\" has unknown dtype \"F8\"");
    }

    @Test
    void rejects_offsets_outside_the_data() throws IOException {
        assertMalformed(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4),
                "outside the data section of 4 bytes");
    }

    @Test
    void rejects_overlapping_tensors() throws IOException {
        assertMalformed(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "overlap");
    }

    @Test
    void rejects_a_shape_that_does_not_match_the_byte_count() throws IOException {
        assertMalformed(withHeader("{\"a\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,4]}}", 4),
                "tensor \"a\" is 4 bytes but shape [3] of BF16 needs 6");
    }

    @Test
    void names_a_missing_tensor_and_the_file() throws IOException {
        Path path = withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertThatThrownBy(() -> file.readFloats("b"))
                    .isInstanceOf(MalformedSafetensorsException.class)
                    .hasMessageContaining(path.toString())
                    .hasMessageContaining("missing tensor \"b\"");
        }
    }

    private void assertMalformed(Path path, String problem) {
        assertThatThrownBy(() -> SafetensorsFile.open(path).close())
                .isInstanceOf(MalformedSafetensorsException.class)
                .hasMessageContaining(path.toString())
                .hasMessageContaining(problem);
    }

    private Path withHeader(String json) throws IOException {
        return withHeader(json, 0);
    }

    private Path withHeader(String json, int dataBytes) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(header.length).put(header);
        return bytes(buffer.array());
    }

    private Path withHeader(long declaredLength, String json) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(declaredLength).put(header);
        return bytes(buffer.array());
    }

    private Path bytes(byte[] content) throws IOException {
        Path path = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(path, content);
        return path;
    }

    private static byte[] halves(short... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short value : values) {
            buffer.putShort(value);
        }
        return buffer.array();
    }

    private static byte[] le(int width, long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            if (width == 4) {
                buffer.putInt((int) value);
            } else {
                buffer.putLong(value);
            }
        }
        return buffer.array();
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
