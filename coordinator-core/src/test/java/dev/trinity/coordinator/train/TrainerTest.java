package dev.trinity.coordinator.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.route.RouterVectorSplit;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.Worded;
import dev.trinity.coordinator.train.store.Checkpoint;
import dev.trinity.coordinator.train.store.CheckpointStore;
import dev.trinity.coordinator.train.store.CheckpointStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer end to end on a fake model: real stores, real files, every guardrail. */
class TrainerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** 60 cases in 6 topics; topic k expects agent k and role k % 3. */
    static ObjectNode config(String trainer, Consumer<ObjectNode> edit) {
        ObjectNode root = JSON.createObjectNode();
        root.put("workflow_id", "fake-topics");
        root.put("seed", 7);
        ArrayNode cases = root.putObject("dataset").put("schema_version", 1).putArray("cases");
        for (int i = 0; i < 60; i++) {
            int topic = i % 6;
            ObjectNode c = cases.addObject();
            c.put("id", "case" + i);
            c.putArray("messages").addObject().put("role", "user").put("content", "Question " + i + " about topic"
                    + topic + " with some words " + (i * 7919 % 101));
            c.putObject("expected").put("agent_id", topic).put("role_id", topic % 3);
            c.putArray("tags").add(i == 3 ? "slow" : "normal");
        }
        root.putObject("trainer").put("kind", trainer);
        root.putObject("optimizer").put("epochs", 4);
        edit.accept(root);
        return root;
    }

    TrainingResult train(ObjectNode root, Path out, CheckpointStore store, boolean resume, TrainingListener listener) {
        TrainingConfig config = TrainingConfig.parse(root, dir);
        try (FakeTrainableRouter model = new FakeTrainableRouter(3)) {
            Trainer.Builder builder = Trainer.builder(config, model, store, out).resume(resume).migrateStore(true);
            if (listener != null) {
                builder.listener(listener);
            }
            return builder.build().run();
        }
    }

    CheckpointStore store(String name) {
        return CheckpointStores.open("sqlite:" + dir.resolve(name + ".sqlite"));
    }

    @Test
    void supervised_beats_the_starting_router_and_leaves_every_output() throws Exception {
        Path out = dir.resolve("sup");
        List<TrainingEvent> events = new ArrayList<>();
        try (CheckpointStore store = store("sup")) {
            TrainingResult result = train(config("supervised", r -> { }), out, store, false, events::add);
            assertThat(result.baseline().score()).isLessThan(0.5);
            assertThat(result.bestScore()).isGreaterThan(result.baseline().score() + 0.3);
            JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
            assertThat(results.at("/baseline/score").asDouble()).isEqualTo(result.baseline().score());
            assertThat(results.at("/best/score").asDouble()).isEqualTo(result.bestScore());
            String bestId = results.at("/best/checkpoint_id").asText();
            Checkpoint best = store.get(bestId).orElseThrow();
            assertThat(best.score()).isEqualTo(result.bestScore());
            assertThat(best.metadata().path("dataset_sha256").asText()).hasSize(64);
            assertThat(best.metadata().path("trainer").asText()).isEqualTo("supervised");
            assertThat(best.metrics().has("expected-route")).isTrue();
            assertThat(best.metrics().at("/accuracy/both").isNumber()).isTrue();
            // the file is the best checkpoint's vector, with its sidecar
            float[] file = RouterVectorSplit.read(out.resolve("router_vector.safetensors"), 10, 16).head().weights();
            float[] stored = RouterVectorFiles.fromJson(best.runnableConfig().get("router_vector"));
            assertThat(file).containsExactly(RouterVectorSplit.split(stored, 10, 16).headWeights());
            assertThat(JSON.readTree(out.resolve("router_vector_es_log.json").toFile()).at("/0/configs/opt_layer_indices/0")
                    .asInt()).isEqualTo(2);
            assertThat(Files.readString(out.resolve("curve.svg"))).startsWith("<svg").contains("best ");
            assertThat(Files.size(out.resolve("curve.png"))).isGreaterThan(1000);
            // the log: one envelope per line, in the runbook's shape
            List<String> lines = Files.readAllLines(out.resolve("log.jsonl"));
            assertThat(lines).hasSize(events.size());
            JsonNode progress = JSON.readTree(lines.get(0));
            assertThat(progress.get("node").asText()).isEqualTo("router_trainer");
            assertThat(progress.get("event").asText()).isEqualTo("training_progress");
            assertThat(progress.at("/payload/evaluations/expected-route/score").isNumber()).isTrue();
            assertThat(progress.at("/payload/case_index").asInt()).isZero();
            assertThat(progress.at("/payload/epoch").asInt()).isEqualTo(1);
            assertThat(lines).filteredOn(l -> l.contains("\"training_epoch_complete\"")).hasSize(4);
            assertThat(lines).filteredOn(l -> l.contains("\"training_checkpoint\"")).hasSize(4);
            assertThat(lines.get(lines.size() - 1)).contains("\"training_result\"");
            assertThat(store.list("fake-topics", 10)).hasSize(4);
        }
    }

    @Test
    void sep_cma_es_on_the_head_and_on_head_plus_svf_beat_the_starting_router() {
        try (CheckpointStore store = store("cma")) {
            TrainingResult head = train(config("sep-cma-es", r -> ((ObjectNode) r.get("trainer"))
                    .put("population", 16).put("sigma0", 0.3)), dir.resolve("cma-head"), store, false, null);
            assertThat(head.bestScore()).isGreaterThan(head.baseline().score() + 0.2);
            TrainingResult svf = train(config("sep-cma-es", r -> {
                ((ObjectNode) r.get("trainer")).put("params", "head+svf").put("population", 8).put("sigma0", 0.3);
                ((ObjectNode) r.get("optimizer")).put("epochs", 2).put("generations_per_epoch", 5);
            }), dir.resolve("cma-svf"), store, false, null);
            assertThat(svf.bestScore()).isGreaterThan(svf.baseline().score());
        }
    }

    @Test
    void the_same_seed_gives_the_same_best_vector_and_another_seed_another() throws Exception {
        try (CheckpointStore store = store("seed")) {
            ObjectNode cma = config("sep-cma-es", r -> ((ObjectNode) r.get("trainer")).put("population", 8));
            train(cma, dir.resolve("a"), store, false, null);
            train(cma, dir.resolve("b"), store, false, null);
            train(config("sep-cma-es", r -> {
                ((ObjectNode) r.get("trainer")).put("population", 8);
                r.put("seed", 8);
            }), dir.resolve("c"), store, false, null);
            byte[] a = Files.readAllBytes(dir.resolve("a/router_vector.safetensors"));
            assertThat(Files.readAllBytes(dir.resolve("b/router_vector.safetensors"))).isEqualTo(a);
            assertThat(Files.readAllBytes(dir.resolve("c/router_vector.safetensors"))).isNotEqualTo(a);
        }
    }

    @Test
    void a_run_that_crashed_mid_epoch_resumes_to_the_same_best_vector_bit_for_bit() throws Exception {
        for (String kind : List.of("supervised", "sep-cma-es")) {
            ObjectNode root = config(kind, r -> ((ObjectNode) r.get("optimizer")).put("epochs", 5));
            try (CheckpointStore store = store("resume-" + kind)) {
                TrainingResult whole = train(root, dir.resolve(kind + "-whole"), store, false, null);
                Path out = dir.resolve(kind + "-crashed");
                // a crash after epoch 3's checkpoint was written, before its resume point was saved
                TrainingListener crash = e -> {
                    if (e instanceof TrainingEvent.CheckpointWritten c && c.checkpoint().epoch() == 3) {
                        throw new OutOfMemoryError("simulated crash");
                    }
                };
                assertThatThrownBy(() -> train(root, out, store, false, crash)).isInstanceOf(OutOfMemoryError.class);
                assertThatThrownBy(() -> train(root, out, store, false, null))
                        .hasMessageContaining("unfinished run").hasMessageContaining("continue it with resume")
                        .satisfies(e -> assertThat(((Worded) e).wording()
                                .render(s -> s == Setting.RESUME ? "--resume" : "--out")).contains("--resume"));
                int rowsBefore = store.list("fake-topics", 100).size();
                TrainingResult resumed = train(root, out, store, true, null);
                assertThat(Files.readAllBytes(out.resolve("router_vector.safetensors")))
                        .isEqualTo(Files.readAllBytes(dir.resolve(kind + "-whole/router_vector.safetensors")));
                assertThat(resumed.bestScore()).isEqualTo(whole.bestScore());
                // epoch 3's checkpoint was not written twice
                assertThat(store.list("fake-topics", 100)).hasSize(rowsBefore + 2);
                // the resumed log holds each epoch once
                assertThat(Files.readAllLines(out.resolve("log.jsonl")))
                        .filteredOn(l -> l.contains("training_epoch_complete")).hasSize(5);
                // a finished run resumes to its result
                assertThat(train(root, out, store, true, null).bestScore()).isEqualTo(resumed.bestScore());
            }
        }
    }

    @Test
    void a_stop_request_ends_after_the_epoch_and_resume_finishes_the_same() throws Exception {
        ObjectNode root = config("supervised", r -> { });
        try (CheckpointStore store = store("stop")) {
            train(root, dir.resolve("whole"), store, false, null);
            Trainer[] trainer = new Trainer[1];
            Path out = dir.resolve("stopped");
            TrainingConfig config = TrainingConfig.parse(root, dir);
            try (FakeTrainableRouter model = new FakeTrainableRouter(3)) {
                trainer[0] = Trainer.builder(config, model, store, out).migrateStore(true).listener(e -> {
                    if (e instanceof TrainingEvent.EpochComplete c && c.epoch() == 2) {
                        trainer[0].requestStop();
                    }
                }).build();
                assertThatThrownBy(() -> trainer[0].run()).hasMessageContaining("stopped after epoch 2 of 4");
            }
            train(root, out, store, true, null);
            assertThat(Files.readAllBytes(out.resolve("router_vector.safetensors")))
                    .isEqualTo(Files.readAllBytes(dir.resolve("whole/router_vector.safetensors")));
        }
    }

    @Test
    void a_nan_loss_stops_the_run_with_one_line_and_keeps_the_last_good_checkpoint() throws Exception {
        ObjectNode root = config("supervised", r -> ((ObjectNode) r.get("trainer")).put("learning_rate", 1e300));
        try (CheckpointStore store = store("nan")) {
            assertThatThrownBy(() -> train(root, dir.resolve("nan"), store, false, null))
                    .isInstanceOf(TrainingException.class)
                    .hasMessageMatching("(?s)[^\\n]*became (NaN|Infinity|-Infinity) in epoch \\d[^\\n]*learning_rate[^\\n]*");
            JsonNode state = JSON.readTree(dir.resolve("nan/state.json").toFile());
            assertThat(state.get("status").asText()).isEqualTo("failed");
            assertThat(store.list("fake-topics", 10)).allMatch(c -> Double.isFinite(c.score()));
        }
        ObjectNode nanFitness = config("sep-cma-es", r -> r.putArray("evaluators").addObject().put("id", "mine")
                .put("entrypoint", SlowEvaluator.class.getName()).putObject("config").put("nan", true));
        try (CheckpointStore store = store("nan2")) {
            assertThatThrownBy(() -> train(nanFitness, dir.resolve("nan2"), store, false, null))
                    .hasMessageContaining("fitness of candidate 0 became NaN in epoch 1");
        }
    }

    @Test
    void pre_flight_refuses_bad_labels_conflicting_duplicates_an_unmigrated_store_and_unknown_evaluators() {
        try (CheckpointStore store = store("pre")) {
            ObjectNode badAgent = config("supervised", r -> ((ObjectNode) r.at("/dataset/cases/4/expected"))
                    .put("agent_id", 9));
            assertThatThrownBy(() -> train(badAgent, dir.resolve("p1"), store, false, null))
                    .hasMessage("pre-flight: dataset: case \"case4\" expects agent 9, but the router has agent slots 0-6");
            ObjectNode duplicate = config("supervised", r -> {
                ObjectNode copy = ((ObjectNode) r.at("/dataset/cases/1")).deepCopy();
                copy.put("id", "copy");
                ((ObjectNode) copy.get("expected")).put("agent_id", 0);
                ((ArrayNode) r.at("/dataset/cases")).add(copy);
            });
            assertThatThrownBy(() -> train(duplicate, dir.resolve("p2"), store, false, null))
                    .hasMessageContaining("same conversation but different expected routes");
            ObjectNode unknown = config("supervised", r -> r.putArray("evaluators").addObject().put("id", "judge"));
            assertThatThrownBy(() -> train(unknown, dir.resolve("p3"), store, false, null))
                    .hasMessageContaining("unknown evaluator \"judge\"");
            ObjectNode missingClass = config("supervised", r -> r.putArray("evaluators").addObject().put("id", "x")
                    .put("entrypoint", "com.example.Nope"));
            assertThatThrownBy(() -> train(missingClass, dir.resolve("p4"), store, false, null))
                    .hasMessageContaining("com.example.Nope").hasMessageContaining("not on the class path");
            assertThatThrownBy(() -> TrainingConfig.parse(config("supervised", r -> ((ObjectNode) r.get("optimizer"))
                    .put("epochs", 51)), dir)).hasMessageContaining("optimizer.epochs must be 1-50");
            assertThatThrownBy(() -> TrainingConfig.parse(config("supervised", r -> ((ObjectNode) r.get("optimizer"))
                    .put("epoch", 5)), dir)).hasMessageContaining("unknown key \"optimizer.epoch\"");
        }
        try (CheckpointStore fresh = store("unmigrated"); FakeTrainableRouter model = new FakeTrainableRouter(3)) {
            Trainer trainer = Trainer.builder(TrainingConfig.parse(config("supervised", r -> { }), dir), model, fresh,
                    dir.resolve("p5")).build();
            assertThatThrownBy(trainer::run).hasMessageContaining("pre-flight: store:")
                    .hasMessageContaining("checkpoints migrate");
        }
    }

    @Test
    void the_router_block_takes_the_prefix_cache_size() {
        assertThat(TrainingConfig.parse(config("supervised", r -> { }), dir).router().prefixCacheMb()).isNull();
        assertThat(TrainingConfig.parse(config("supervised", r -> r.putObject("router").put("prefix_cache_mb", 0)),
                dir).router().prefixCacheMb()).isZero();
        assertThatThrownBy(() -> TrainingConfig.parse(config("supervised", r -> r.putObject("router")
                .put("prefix_cache_mb", -1)), dir)).hasMessageContaining("router.prefix_cache_mb must be 0 (off)");
    }

    @Test
    void hidden_states_are_computed_once_and_reused_by_later_runs() {
        ObjectNode root = config("supervised", r -> ((ObjectNode) r.get("optimizer")).put("epochs", 1));
        TrainingConfig config = TrainingConfig.parse(root, dir);
        Path out = dir.resolve("cache");
        try (CheckpointStore store = store("cache")) {
            try (FakeTrainableRouter model = new FakeTrainableRouter(3)) {
                Trainer.builder(config, model, store, out).migrateStore(true).build().run();
                assertThat(model.extracted.get()).isEqualTo(60);
            }
            try (FakeTrainableRouter model = new FakeTrainableRouter(3)) {
                Trainer.builder(config, model, store, out).migrateStore(true).build().run();
                assertThat(model.extracted.get()).isZero();
            }
        }
    }

    @Test
    void loop_evaluators_run_in_parallel_under_the_case_timeout() throws Exception {
        ObjectNode root = config("supervised", r -> {
            ((ObjectNode) r.get("optimizer")).put("epochs", 1).put("case_timeout_seconds", 1);
            ArrayNode evaluators = r.putArray("evaluators");
            evaluators.addObject().put("id", "expected-route");
            evaluators.addObject().put("id", "verifier-accept");
            evaluators.addObject().put("id", "slow").put("entrypoint", SlowEvaluator.class.getName())
                    .putObject("config").put("sleep_ms", 5000);
        });
        Path out = dir.resolve("loop");
        try (CheckpointStore store = store("loop")) {
            TrainingResult result = train(root, out, store, false, null);
            assertThat(result.best().metrics().perEvaluator()).containsKeys("expected-route", "verifier-accept",
                    "slow");
        }
        List<JsonNode> progress = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("log.jsonl"))) {
            JsonNode event = JSON.readTree(line);
            if (event.get("event").asText().equals("training_progress")) {
                progress.add(event.get("payload"));
            }
        }
        assertThat(progress).anySatisfy(p -> assertThat(p.path("error").asText()).contains("timed out after 1 s"));
        assertThat(progress).anySatisfy(p -> assertThat(p.at("/evaluations/verifier-accept/passed").asBoolean())
                .isTrue());
    }
}
