package dev.trinity.coordinator.cli.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.cli.CliRun;
import dev.trinity.coordinator.djl.DjlRuntime;
import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.safetensors.DType;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import dev.trinity.coordinator.safetensors.SafetensorsWriter;
import dev.trinity.coordinator.safetensors.TensorInfo;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coordinator env-check} on real directories: the bundled tiny model and tiny bundles, and broken copies. */
class EnvCheckCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TINY_MODEL = BundledData.resolve(BundledData.TINY_MODEL);
    private static final Path TINY_ARTIFACT = BundledData.resolve("coordinator-core/src/test/resources/tiny-artifact");
    private static final Path SVF_BUNDLE = BundledData.resolve("coordinator-cuda/src/test/resources/qwen3-tiny-svf/bundle");
    private static final Path SAKANA_VECTOR = BundledData.resolve("priv/sakana/trinity_router_es_vector.safetensors");
    private static final String PREFIX = "coordinator env-check: ";

    @TempDir
    Path temp;

    // ---- success ----

    @Test
    void plain_check_prints_ok_and_the_engine_and_device_facts() {
        CliRun run = CliRun.of("env-check");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        String[] lines = run.out().strip().split("\\R");
        assertThat(lines[0]).isEqualTo("coordinator env-check: ok");
        assertThat(lines).allSatisfy(line -> assertThat(line).matches("coordinator env-check: ok|  [a-z0-9_]+=.*"));
        assertThat(run.out()).contains("  java_version=" + System.getProperty("java.version"))
                .contains("  djl_offline=true").contains("  djl_tracking_opt_out=true")
                .contains("  djl_engine=PyTorch").contains("  libtorch_version=" + DjlRuntime.libtorchVersion())
                .contains("  gpu_count=" + DjlRuntime.gpuCount()).contains("  device_probe=ok")
                .doesNotContain("model_dir").doesNotContain("artifact_dir");
    }

    @Test
    void model_and_artifact_facts_follow_the_engine_facts() throws IOException {
        Path bundle = completeSvfBundle(temp.resolve("bundle"));
        CliRun run = CliRun.of("env-check", "--model-dir", TINY_MODEL.toString(), "--artifact-dir",
                bundle.toString(), "--require", "cpu");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  require=cpu").contains("  model_dir=" + TINY_MODEL)
                .contains("  model_type=qwen3").contains("  model_weights=model.safetensors")
                .contains("  tokenizer=" + TINY_MODEL.resolve("tokenizer.json"))
                .contains("  artifact_dir=" + bundle)
                .contains("  artifact_hashes=router head only (use --verify-hashes for every file)")
                .contains("  router_fits_model=yes (head [10, 64], hidden 64, SVF layers [2] of 0..3, 9 adapted "
                        + "tensors, vocab 151936)")
                .contains("  artifact_router_head_pinned=no (sha256 ");
        assertThat(run.out().indexOf("device_probe=")).isLessThan(run.out().indexOf("model_dir="));
        assertThat(run.out().indexOf("model_dir=")).isLessThan(run.out().indexOf("artifact_dir="));
    }

    // ---- the router against the model, and Sakana's pin ----

    @Test
    void the_runbooks_hidden_8_head_with_the_hidden_64_model_fails() {
        String message = assertFails(CliRun.of("env-check", "--model-dir", TINY_MODEL.toString(), "--artifact-dir",
                TINY_ARTIFACT.toString(), "--require", "cpu"), "the artifact " + TINY_ARTIFACT);
        assertThat(message).contains("and the model cannot work together: the bundle's router head [5, 8] is for "
                + "hidden size 8, but the model's hidden_size is 64");
        // alone, the tiny artifact is a valid bundle: the check is between the two
        assertThat(CliRun.of("env-check", "--artifact-dir", TINY_ARTIFACT.toString()).exitCode()).isZero();
    }

    @Test
    void a_router_vector_is_checked_against_the_model_it_will_run_on() {
        String tinyVector = BundledData.resolve("priv/qwen3-tiny-svf/router_vector.safetensors").toString();
        CliRun ok = CliRun.of("env-check", "--model-dir", TINY_MODEL.toString(), "--router-vector", tinyVector);
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("  router_vector_layers=[2]").contains("  router_fits_model=yes (head [10, 64], "
                + "hidden 64, SVF layers [2] of 0..3, vector of 1216 values)");

        String message = assertFails(CliRun.of("env-check", "--model-dir", TINY_MODEL.toString(), "--router-vector",
                SAKANA_VECTOR.toString()), "the router vector " + SAKANA_VECTOR);
        assertThat(message).contains("the router's SVF layers [26]").contains("are not all inside the model's "
                + "layers 0..3");
    }

    @Test
    void the_pin_is_a_fact_by_default_and_a_failure_with_require_pin() {
        CliRun sakana = CliRun.of("env-check", "--router-vector", SAKANA_VECTOR.toString(), "--require-pin");
        assertThat(sakana.exitCode()).as(sakana.err()).isZero();
        assertThat(sakana.out()).contains("  router_vector_head_pinned=yes (sha256 "
                + "7ff2db0e6659cac4dd68c5fff47a112768042b31321127aeb1412a6d8e6c09be = Sakana's head pinned in ");

        String tinyVector = BundledData.resolve("priv/qwen3-tiny-svf/router_vector.safetensors").toString();
        CliRun tiny = CliRun.of("env-check", "--router-vector", tinyVector);
        assertThat(tiny.exitCode()).as(tiny.err()).isZero();
        assertThat(tiny.out()).contains("  router_vector_head_pinned=no (sha256 ")
                .contains("expected for a router trained by you, --require-pin makes it a failure)");
        assertThat(assertFails(CliRun.of("env-check", "--router-vector", tinyVector, "--require-pin"),
                "the router head is not Sakana's pinned head")).contains("drop --require-pin");
        assertThat(assertFails(CliRun.of("env-check", "--artifact-dir", TINY_ARTIFACT.toString(), "--require-pin"),
                "the router head is not Sakana's pinned head (sha256 32cede39")).isNotEmpty();

        CliRun usage = CliRun.of("env-check", "--require-pin");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.lastErrLine()).isEqualTo(PREFIX + "--require-pin checks a router head; pass --artifact-dir "
                + "or --router-vector");
    }

    @Test
    void json_prints_one_object_with_ok_facts_and_a_null_problem() throws IOException {
        CliRun run = CliRun.of("env-check", "--model-dir", TINY_MODEL.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode out = JSON.readTree(run.out());
        assertThat(out.get("ok").asBoolean()).isTrue();
        assertThat(out.get("problem").isNull()).isTrue();
        assertThat(out.get("facts").get("model_type").asText()).isEqualTo("qwen3");
        assertThat(run.out().strip().split("\\R")).hasSize(1);
    }

    @Test
    void sharded_weights_with_an_index_are_accepted(@TempDir Path dir) throws IOException {
        Path model = shardedCopy(dir);
        CliRun run = CliRun.of("env-check", "--model-dir", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  model_weights=model.safetensors.index.json (1 shards)");
    }

    @Test
    void a_complete_bundle_with_checkpoints_passes_the_full_hash_check() throws IOException {
        Path bundle = completeSvfBundle(temp.resolve("bundle"));
        CliRun run = CliRun.of("env-check", "--artifact-dir", bundle.toString(), "--verify-hashes");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  artifact_selected_tensors=9").contains("  artifact_hashes=verified");
    }

    // ---- device requirement and usage ----

    @Test
    void require_cuda_fails_with_one_line_when_no_gpu_is_visible() {
        org.junit.jupiter.api.Assumptions.assumeTrue(DjlRuntime.gpuCount() == 0, "this machine has a GPU");
        CliRun run = CliRun.of("env-check", "--require", "cuda");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip().split("\\R")).hasSize(1);
        assertThat(run.lastErrLine()).startsWith(PREFIX + "--require cuda, but no CUDA GPU is usable: libtorch "
                + DjlRuntime.libtorchVersion()).contains("CPU-only build").contains("PYTORCH_LIBRARY_PATH")
                .endsWith("(docs/gpu.md), or run on the CPU (--require cpu)");
    }

    @Test
    void require_cuda_json_reports_the_facts_gathered_before_the_problem() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(DjlRuntime.gpuCount() == 0, "this machine has a GPU");
        CliRun run = CliRun.of("env-check", "--require", "cuda", "--json");
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode out = JSON.readTree(run.out());
        assertThat(out.get("ok").asBoolean()).isFalse();
        assertThat(out.get("problem").asText()).startsWith("--require cuda, but no CUDA GPU is usable");
        assertThat(out.get("facts").get("gpu_count").asText()).isEqualTo("0");
        assertThat(out.get("facts").get("require").asText()).isEqualTo("cuda");
        assertThat(run.lastErrLine()).startsWith(PREFIX + "--require cuda");
    }

    @Test
    void require_cuda_passes_on_a_machine_with_a_gpu() {
        org.junit.jupiter.api.Assumptions.assumeTrue(DjlRuntime.gpuCount() > 0, "no GPU on this machine");
        CliRun run = CliRun.of("env-check", "--require", "cuda");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  device=gpu(0)").contains("  gpu0_memory=").contains("  cuda_runtime=");
    }

    @Test
    void an_unknown_require_value_is_a_usage_error() {
        CliRun run = CliRun.of("env-check", "--require", "tpu");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip().split("\\R")).hasSize(1);
        assertThat(run.lastErrLine()).isEqualTo(PREFIX + "--require must be cpu or cuda, got \"tpu\"");
    }

    @Test
    void an_unknown_option_is_a_usage_error() {
        CliRun run = CliRun.of("env-check", "--requires", "cpu");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrLine()).startsWith(PREFIX).contains("--help");
    }

    // ---- broken model folders ----

    @Test
    void a_missing_model_dir_is_a_usage_error_as_in_every_command() {
        Path missing = temp.resolve("nope");
        CliRun run = CliRun.of("env-check", "--model-dir", missing.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrLine()).isEqualTo(PREFIX + "--model-dir " + missing + ": no such directory");
    }

    @Test
    void a_model_dir_without_config_json_is_named() throws IOException {
        Path model = modelCopy();
        Files.delete(model.resolve("config.json"));
        assertFails(CliRun.of("env-check", "--model-dir", model.toString()),
                "model directory \"" + model + "\" has no config.json. Point --model-dir at a Hugging Face snapshot");
    }

    @Test
    void an_unsupported_model_type_is_named() throws IOException {
        Path model = modelCopy();
        editJson(model.resolve("config.json"), config -> config.put("model_type", "llama"));
        assertFails(CliRun.of("env-check", "--model-dir", model.toString()),
                model.resolve("config.json") + ": model_type \"llama\" is not supported");
    }

    @Test
    void a_missing_tokenizer_is_named() throws IOException {
        Path model = modelCopy();
        Files.delete(model.resolve("tokenizer.json"));
        String line = assertFails(CliRun.of("env-check", "--model-dir", model.toString()),
                "no tokenizer.json at " + model.resolve("tokenizer.json"));
        assertThat(line).endsWith("Copy the tokenizer.json of Qwen/Qwen3-0.6B into \"" + model + "\"");
    }

    @Test
    void a_corrupt_tokenizer_is_named() throws IOException {
        Path model = modelCopy();
        Files.writeString(model.resolve("tokenizer.json"), "{\"not\": \"a tokenizer\"}");
        assertFails(CliRun.of("env-check", "--model-dir", model.toString()),
                "cannot load tokenizer " + model.resolve("tokenizer.json"));
    }

    @Test
    void missing_weights_are_named() throws IOException {
        Path model = modelCopy();
        Files.delete(model.resolve("model.safetensors"));
        assertFails(CliRun.of("env-check", "--model-dir", model.toString()),
                "no model.safetensors or model.safetensors.index.json in " + model);
    }

    @Test
    void a_shard_missing_from_the_index_is_named(@TempDir Path dir) throws IOException {
        Path model = shardedCopy(dir);
        Files.delete(model.resolve("model-00001-of-00001.safetensors"));
        assertFails(CliRun.of("env-check", "--model-dir", model.toString()),
                model.resolve("model.safetensors.index.json") + " lists shard \"model-00001-of-00001.safetensors\"");
    }

    @Test
    void weights_that_do_not_match_config_json_are_named() throws IOException {
        Path model = modelCopy();
        editJson(model.resolve("config.json"), config -> config.put("intermediate_size",
                config.get("intermediate_size").asInt() * 2));
        assertFails(CliRun.of("env-check", "--model-dir", model.toString()),
                "the weights in \"" + model + "\" give tensor \"model.layers.0.mlp.gate_proj.weight\" the shape");
    }

    @Test
    void truncated_weights_are_named() throws IOException {
        Path model = modelCopy();
        try (RandomAccessFile file = new RandomAccessFile(model.resolve("model.safetensors").toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        String line = assertFails(CliRun.of("env-check", "--model-dir", model.toString()), "");
        assertThat(line).contains("model.safetensors").contains("Download the weights again");
    }

    // ---- broken bundles ----

    @Test
    void a_missing_artifact_dir_is_a_usage_error_as_in_every_command() {
        Path missing = temp.resolve("no-bundle");
        CliRun run = CliRun.of("env-check", "--artifact-dir", missing.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrLine()).isEqualTo(PREFIX + "--artifact-dir " + missing + ": no such directory");
    }

    @Test
    void a_missing_manifest_is_named() throws IOException {
        Path bundle = tinyArtifactCopy();
        Files.delete(bundle.resolve("manifest.json"));
        assertFails(CliRun.of("env-check", "--artifact-dir", bundle.toString()),
                "artifact directory \"" + bundle + "\" exists but \"" + bundle.resolve("manifest.json")
                        + "\" is missing");
    }

    @Test
    void a_router_head_that_does_not_match_its_sha256_is_named() throws IOException {
        Path bundle = tinyArtifactCopy();
        byte[] head = Files.readAllBytes(bundle.resolve("router_head.safetensors"));
        head[head.length - 1] ^= 1;
        Files.write(bundle.resolve("router_head.safetensors"), head);
        assertFails(CliRun.of("env-check", "--artifact-dir", bundle.toString()), "router_head sha256 mismatch");
    }

    @Test
    void an_incomplete_bundle_is_named() throws IOException {
        Path bundle = tinyArtifactCopy();
        editJson(bundle.resolve("manifest.json"), manifest -> manifest.put("status", "in_progress"));
        String line = assertFails(CliRun.of("env-check", "--artifact-dir", bundle.toString()), "");
        assertThat(line).contains("in_progress");
    }

    @Test
    void a_missing_checkpoint_is_named() throws IOException {
        Path bundle = completeSvfBundle(temp.resolve("bundle"));
        Path gone = bundle.resolve("checkpoints/0005_decoder.blocks.2.self_attention.output.kernel.safetensors");
        Files.delete(gone);
        String line = assertFails(CliRun.of("env-check", "--artifact-dir", bundle.toString()), "");
        assertThat(line).contains(gone.toString()).contains("missing");
    }

    @Test
    void a_damaged_checkpoint_passes_the_fast_check_but_not_verify_hashes() throws IOException {
        Path bundle = completeSvfBundle(temp.resolve("bundle"));
        Path file = bundle.resolve("checkpoints/0003_decoder.blocks.2.self_attention.key.kernel.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x10;
        Files.write(file, bytes);
        assertThat(CliRun.of("env-check", "--artifact-dir", bundle.toString()).exitCode()).isZero();
        assertFails(CliRun.of("env-check", "--artifact-dir", bundle.toString(), "--verify-hashes"),
                "checkpoint sha256 mismatch for \"" + file + "\"");
    }

    // ---- helpers ----

    /** Checks the one-line failure contract and returns the message after the prefix. */
    private static String assertFails(CliRun run, String messageStart) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        // progress lines (the files being hashed) may come first; the failure is one line of its own
        String[] lines = run.err().strip().lines().filter(l -> !l.startsWith(PREFIX + "sha256 "))
                .toArray(String[]::new);
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).startsWith(PREFIX + messageStart);
        String message = lines[0].substring(PREFIX.length());
        // "<what is wrong>. <what to do>"
        assertThat(message).containsPattern("\\. [A-Z'(]");
        return message;
    }

    private Path modelCopy() throws IOException {
        Path model = temp.resolve("model");
        Files.createDirectories(model);
        for (String name : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) {
            Files.copy(TINY_MODEL.resolve(name), model.resolve(name));
        }
        return model;
    }

    private static Path shardedCopy(Path dir) throws IOException {
        Path model = dir.resolve("sharded");
        Files.createDirectories(model);
        Files.copy(TINY_MODEL.resolve("config.json"), model.resolve("config.json"));
        Files.copy(TINY_MODEL.resolve("tokenizer.json"), model.resolve("tokenizer.json"));
        String shard = "model-00001-of-00001.safetensors";
        Files.copy(TINY_MODEL.resolve("model.safetensors"), model.resolve(shard));
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", Files.size(model.resolve(shard)));
        ObjectNode weightMap = index.putObject("weight_map");
        try (SafetensorsFile file = SafetensorsFile.open(model.resolve(shard))) {
            for (TensorInfo tensor : file.tensors()) {
                weightMap.put(tensor.name(), shard);
            }
        }
        Files.write(model.resolve("model.safetensors.index.json"), JSON.writeValueAsBytes(index));
        return model;
    }

    private Path tinyArtifactCopy() throws IOException {
        Path bundle = temp.resolve("tiny-artifact");
        Files.createDirectories(bundle);
        for (String name : new String[] {"manifest.json", "router_head.safetensors"}) {
            Files.copy(TINY_ARTIFACT.resolve(name), bundle.resolve(name));
        }
        return bundle;
    }

    /**
     * The tiny SVF fixture bundle with its two vocabulary-sized checkpoints (not stored in the repository) written as
     * zeros of the manifest's shape, and their sha256 put into the manifest: a complete bundle for the artifact checks.
     */
    private static Path completeSvfBundle(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("checkpoints"));
        Files.copy(SVF_BUNDLE.resolve("router_head.safetensors"), dir.resolve("router_head.safetensors"));
        try (Stream<Path> files = Files.list(SVF_BUNDLE.resolve("checkpoints"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve("checkpoints").resolve(file.getFileName()));
            }
        }
        ObjectNode manifest = (ObjectNode) JSON.readTree(SVF_BUNDLE.resolve("manifest.json").toFile());
        for (JsonNode entry : manifest.withArray("selected_tensors")) {
            Path file = dir.resolve(entry.get("checkpoint_path").asText());
            if (!Files.exists(file)) {
                long[] shape = {entry.get("shape").get(0).asLong(), entry.get("shape").get(1).asLong()};
                SafetensorsWriter.builder().style(SafetensorsWriter.HeaderStyle.UNPADDED)
                        .add(entry.get("artifact_key").asText(), DType.BF16, shape,
                                new byte[Math.toIntExact(shape[0] * shape[1] * 2)])
                        .write(file);
                ((ObjectNode) entry).put("checkpoint_sha256", Sha256.ofFile(file));
            }
        }
        Files.write(dir.resolve("manifest.json"), JSON.writeValueAsBytes(manifest));
        return dir;
    }

    private static void editJson(Path file, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(node);
        Files.write(file, JSON.writeValueAsBytes(node));
    }
}
