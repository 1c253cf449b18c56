package dev.trinity.coordinator.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.adapted.RouterLoader;
import dev.trinity.coordinator.adapted.RouterSource;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.cli.CliRun;
import dev.trinity.coordinator.cli.CoordinatorCli;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.eval.PromptEvalCase;
import dev.trinity.coordinator.qwen3.Qwen3Options;
import dev.trinity.coordinator.route.RouteDecision;
import dev.trinity.coordinator.train.TrainingConfig;
import dev.trinity.coordinator.train.TrainingData;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coordinator train} and {@code coordinator checkpoints} on the bundled tiny model, with real SQLite files. */
class TrainCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SUPERVISED = BundledData.resolve("examples/training/train-supervised.json");
    static final Path CMAES = BundledData.resolve("examples/training/train-cmaes.json");
    static final String TINY_MODEL = BundledData.resolve("priv/qwen3-tiny").toString();

    @TempDir
    Path dir;

    @Test
    void both_trainers_beat_the_starting_tiny_router_and_the_exported_vector_routes_like_the_checkpoint()
            throws Exception {
        String store = "sqlite:" + dir.resolve("checkpoints.sqlite");
        Path out = dir.resolve("supervised");
        CliRun run = CliRun.of("train", "--config", SUPERVISED.toString(), "--store", store, "--out", out.toString(),
                "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode printed = JSON.readTree(run.out());
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertThat(printed).isEqualTo(results);
        double baseline = results.at("/baseline/score").asDouble();
        double best = results.at("/best/score").asDouble();
        assertThat(best).isGreaterThan(baseline + 0.3);
        String bestId = results.at("/best/checkpoint_id").asText();
        for (String line : Files.readAllLines(out.resolve("log.jsonl"))) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.get("node").asText()).isEqualTo("router_trainer");
            assertThat(event.get("event").asText()).startsWith("training_");
            assertThat(event.get("payload").isObject()).isTrue();
        }
        assertThat(run.err()).contains("epoch 5/5").contains("ETA");

        CliRun list = CliRun.of("checkpoints", "list", "--workflow", "demo-tiny-router", "--store", store, "--limit",
                "3", "--json");
        assertThat(list.exitCode()).as(list.err()).isZero();
        JsonNode rows = JSON.readTree(list.out());
        assertThat(rows).hasSize(3);
        assertThat(List.of(rows.get(0).get("config_version").asInt(), rows.get(1).get("config_version").asInt(),
                rows.get(2).get("config_version").asInt())).containsExactly(5, 4, 3);
        CliRun human = CliRun.of("checkpoints", "list", "--workflow", "demo-tiny-router", "--store", store);
        assertThat(human.out()).contains("version").contains(bestId);
        CliRun show = CliRun.of("checkpoints", "show", bestId, "--store", store);
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("the workflow's best").contains("1216 values");

        Path exported = dir.resolve("export/best.safetensors");
        CliRun export = CliRun.of("checkpoints", "export", bestId, "--store", store, "--out", exported.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(Files.readAllBytes(exported)).isEqualTo(Files.readAllBytes(out.resolve("router_vector.safetensors")));
        assertThat(dir.resolve("export/best_es_log.json")).exists();

        // route, run and prompt-eval load it
        TrainingData data = TrainingData.load(TrainingConfig.read(SUPERVISED));
        PromptEvalCase first = data.validation().get(0);
        CliRun route = CliRun.of("route", "--model-dir", TINY_MODEL, "--router-vector",
                out.resolve("router_vector.safetensors").toString(), "--prompt",
                first.messages().get(0).content(), "--json");
        assertThat(route.exitCode()).as(route.err()).isZero();
        assertThat(JSON.readTree(route.out()).get("agent_id").asInt()).isEqualTo(first.expectedAgentId());
        CliRun eval = CliRun.of("prompt-eval", "--model-dir", TINY_MODEL, "--router-vector", exported.toString(),
                "--cases", BundledData.resolve("examples/training/demo_cases.json").toString());
        assertThat(eval.err() + eval.out()).contains("48");
        CliRun loop = CliRun.of("run", "--model-dir", TINY_MODEL, "--router-vector", exported.toString(),
                "--mock-provider", "--message", "What is 17 * 24? Give the number.");
        assertThat(loop.exitCode()).as(loop.err()).isZero();

        // the exported vector routes the validation cases as the checkpoint's metrics say
        JsonNode checkpoint = JSON.readTree(CliRun.of("checkpoints", "show", bestId, "--store", store, "--json").out());
        Qwen3Options options = Qwen3Options.builder().device(DeviceSpec.CPU).threads(2).build();
        int both = 0;
        try (LoadedRouter router = RouterLoader.builder()
                .setSource(RouterSource.routerVector(exported).withModelDir(Path.of(TINY_MODEL))).optEngine(options)
                .build().load()) {
            for (PromptEvalCase c : data.validation()) {
                RouteDecision d = router.explain(c.messages()).decision();
                both += d.agentId() == c.expectedAgentId() && d.roleId() == c.expectedRoleId() ? 1 : 0;
            }
        }
        assertThat((double) both / data.validation().size())
                .isEqualTo(checkpoint.at("/metrics/accuracy/both").asDouble());

        CliRun cma = CliRun.of("train", "--config", CMAES.toString(), "--store", store, "--out",
                dir.resolve("cmaes").toString(), "--json");
        assertThat(cma.exitCode()).as(cma.err()).isZero();
        JsonNode cmaResults = JSON.readTree(cma.out());
        assertThat(cmaResults.at("/best/score").asDouble()).isGreaterThan(cmaResults.at("/baseline/score").asDouble()
                + 0.1);
    }

    @Test
    void a_run_killed_with_sigkill_resumes_to_the_same_best_vector_bit_for_bit() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(SUPERVISED.toFile());
        config.put("workflow_id", "kill-test");
        config.set("dataset", JSON.createObjectNode().put("path", BundledData.resolve(
                "examples/training/demo_cases.json").toString()));
        config.putArray("evaluators").add(JSON.createObjectNode().put("id", "expected-route"))
                .add(JSON.createObjectNode().put("id", "sleepy").put("entrypoint", SleepyEvaluator.class.getName()));
        ((ObjectNode) config.get("optimizer")).put("epochs", 6).put("max_concurrency", 2);
        Path file = dir.resolve("kill.json");
        Files.writeString(file, config.toString());
        String store = "sqlite:" + dir.resolve("kill.sqlite");

        Path whole = dir.resolve("whole");
        CliRun uninterrupted = CliRun.of("train", "--config", file.toString(), "--store", store, "--out",
                whole.toString());
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();

        Path killed = dir.resolve("killed");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx2g", "-Dai.djl.offline=true", "-Dtrinity.root=" + BundledData.root(), "-cp",
                System.getProperty("java.class.path"), CoordinatorCli.class.getName(), "train", "--config",
                file.toString(), "--store", store, "--out", killed.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        Process child = builder.start();
        Path log = killed.resolve("log.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains("\"training_checkpoint\",\"payload\":{\"id\"")
                    && Files.readAllLines(log).stream().filter(l -> l.contains("training_epoch_complete")).count() >= 2) {
                break;
            }
            Thread.sleep(20);
        }
        Thread.sleep(300); // somewhere inside epoch 3
        assertThat(child.isAlive()).as("the child still runs when killed:\n" + Files.readString(dir.resolve(
                "child.log"))).isTrue();
        child.destroyForcibly(); // SIGKILL
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);

        CliRun refused = CliRun.of("train", "--config", file.toString(), "--store", store, "--out", killed.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.lastErrLine()).contains("unfinished run").contains("--resume");
        CliRun resumed = CliRun.of("train", "--config", file.toString(), "--store", store, "--out", killed.toString(),
                "--resume");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(Files.readAllBytes(killed.resolve("router_vector.safetensors")))
                .isEqualTo(Files.readAllBytes(whole.resolve("router_vector.safetensors")));
        assertThat(Files.readAllLines(killed.resolve("log.jsonl")))
                .filteredOn(l -> l.contains("training_epoch_complete")).hasSize(6);
    }

    @Test
    void pre_flight_failures_are_one_line_and_exit_1() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(SUPERVISED.toFile());
        config.set("dataset", JSON.createObjectNode().put("path", "no-such-cases.json"));
        Path missing = dir.resolve("missing.json");
        Files.writeString(missing, config.toString());
        CliRun noData = CliRun.of("train", "--config", missing.toString(), "--out", dir.resolve("a").toString());
        assertThat(noData.exitCode()).isEqualTo(1);
        assertThat(noData.lastErrLine()).startsWith("coordinator train: pre-flight: dataset:")
                .contains("no-such-cases.json");

        CliRun noStore = CliRun.of("train", "--config", SUPERVISED.toString(), "--out", dir.resolve("b").toString(),
                "--store", "jdbc:postgresql://127.0.0.1:1/x?user=u&password=hunter2&connectTimeout=2");
        assertThat(noStore.exitCode()).isEqualTo(1);
        assertThat(noStore.lastErrLine()).startsWith("coordinator train: pre-flight: store:")
                .doesNotContain("hunter2");

        ObjectNode badRouter = (ObjectNode) JSON.readTree(SUPERVISED.toFile());
        badRouter.set("dataset", JSON.createObjectNode().put("path", BundledData.resolve(
                "examples/training/demo_cases.json").toString()));
        badRouter.putObject("router").put("model_dir", TINY_MODEL).put("router_vector",
                BundledData.resolve("priv/sakana/trinity_router_es_vector.safetensors").toString());
        Path bad = dir.resolve("bad-router.json");
        Files.writeString(bad, badRouter.toString());
        CliRun noRouter = CliRun.of("train", "--config", bad.toString(), "--out", dir.resolve("c").toString());
        assertThat(noRouter.exitCode()).isEqualTo(1);
        assertThat(noRouter.lastErrLine()).startsWith("coordinator train: pre-flight: router:");

        CliRun nothing = CliRun.of("train", "--config", SUPERVISED.toString(), "--out", dir.resolve("d").toString(),
                "--resume");
        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.lastErrLine()).contains("nothing to resume");

        CliRun usage = CliRun.of("checkpoints", "list", "--workflow", "w", "--store", "mysql://x");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.lastErrLine()).contains("sqlite:PATH or jdbc:postgresql://");
    }

    @Test
    void checkpoints_migrate_applies_and_rolls_back_the_schema() {
        String store = "sqlite:" + dir.resolve("m.sqlite");
        CliRun apply = CliRun.of("checkpoints", "migrate", "--store", store);
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("applied V1, V2").contains("schema version 2");
        CliRun again = CliRun.of("checkpoints", "migrate", "--store", store, "--json");
        assertThat(again.out()).contains("\"version\" : 2");
        CliRun rollback = CliRun.of("checkpoints", "migrate", "--store", store, "--rollback", "1");
        assertThat(rollback.out()).contains("rolled back V2").contains("schema version 1");
        CliRun list = CliRun.of("checkpoints", "list", "--workflow", "w", "--store", store, "--json");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out().strip()).isEqualTo("[ ]");
        CliRun missing = CliRun.of("checkpoints", "show", "nope", "--store", store);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.lastErrLine()).contains("no checkpoint nope");
        assertThat(new File(dir.resolve("m.sqlite").toString())).exists();
    }
}
