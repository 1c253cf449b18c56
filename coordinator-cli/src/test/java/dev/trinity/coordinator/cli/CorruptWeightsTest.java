package dev.trinity.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt weights never pass silently: random bytes over the tiny model's tensor data fail env-check, extract and
 * route with a line naming the tensor and the file; a Hugging Face cache snapshot is checked against its blob names.
 */
class CorruptWeightsTest {

    private static final Path TINY = BundledData.resolve("priv/qwen3-tiny");
    private static final List<String> FILES = List.of("config.json", "model.safetensors", "tokenizer.json",
            "tokenizer_config.json");

    @TempDir
    Path dir;

    /** A copy of the tiny model whose tensor data (everything after the header) is seeded random bytes. */
    private Path corruptCopy() throws IOException {
        Path model = Files.createDirectories(dir.resolve("corrupt"));
        for (String name : FILES) {
            Files.copy(TINY.resolve(name), model.resolve(name));
        }
        byte[] bytes = Files.readAllBytes(model.resolve("model.safetensors"));
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] noise = new byte[bytes.length - 8 - (int) headerLength];
        new Random(16).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, 8 + (int) headerLength, noise.length);
        Files.write(model.resolve("model.safetensors"), bytes);
        return model;
    }

    private static void assertNamesTensorAndFile(CliRun run, String command, Path model) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.lastErrLine()).startsWith("coordinator " + command + ": tensor \"")
                .contains("\" in " + model.resolve("model.safetensors") + " holds NaN or infinity (element ")
                .contains("--verify-hashes");
    }

    @Test
    void random_bytes_over_the_weights_fail_env_check_extract_and_route_naming_tensor_and_file() throws IOException {
        Path model = corruptCopy();

        assertNamesTensorAndFile(CliRun.of("env-check", "--model-dir", model.toString()), "env-check", model);
        assertNamesTensorAndFile(CliRun.of("extract", "--model-dir", model.toString(), "--text", "hi", "--device",
                "cpu"), "extract", model);
        assertNamesTensorAndFile(CliRun.of("route", "--prompt", "hi", "--device", "cpu", "--model-dir",
                model.toString(), "--router-vector",
                BundledData.resolve("priv/qwen3-tiny-svf/router_vector.safetensors").toString()), "route", model);
    }

    /** A Hugging Face cache snapshot of the tiny model: files link to blobs named by their sha256 or git blob id. */
    private Path cacheSnapshot() throws Exception {
        Path repo = dir.resolve("hub/models--tiny--qwen3");
        Path snapshot = Files.createDirectories(repo.resolve("snapshots/0123456789abcdef0123456789abcdef01234567"));
        Files.createDirectories(repo.resolve("blobs"));
        for (String name : FILES) {
            byte[] content = Files.readAllBytes(TINY.resolve(name));
            String blob = name.equals("model.safetensors") ? hex("SHA-256", content)
                    : hex("SHA-1", ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII), content);
            Files.write(repo.resolve("blobs").resolve(blob), content);
            Files.createSymbolicLink(snapshot.resolve(name), Path.of("../../blobs", blob));
        }
        return snapshot;
    }

    private static String hex(String algorithm, byte[]... parts) throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance(algorithm);
        for (byte[] part : parts) {
            digest.update(part);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void verify_hashes_checks_a_cache_snapshot_against_its_blob_names() throws Exception {
        Path snapshot = cacheSnapshot();

        CliRun ok = CliRun.of("env-check", "--model-dir", snapshot.toString(), "--verify-hashes");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("  model_hashes=ok (4 files match their Hugging Face cache blob names)");

        // one flipped low mantissa bit: every value stays finite, only the hash can tell
        Path weights = snapshot.resolve("model.safetensors").toRealPath();
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 2] ^= 0x01;
        Files.write(weights, bytes);
        assertThat(CliRun.of("env-check", "--model-dir", snapshot.toString()).exitCode()).isZero();
        CliRun bad = CliRun.of("env-check", "--model-dir", snapshot.toString(), "--verify-hashes");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.lastErrLine()).contains("model file " + snapshot.resolve("model.safetensors")
                + " does not match the sha256 its Hugging Face cache blob is named by");
    }

    @Test
    void a_plain_folder_has_no_hashes_to_compare_and_says_so() {
        CliRun run = CliRun.of("env-check", "--model-dir", TINY.toString(), "--verify-hashes");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  model_hashes=unknown (not a Hugging Face cache snapshot: no blob names to "
                + "compare 4 files with)");
    }
}
