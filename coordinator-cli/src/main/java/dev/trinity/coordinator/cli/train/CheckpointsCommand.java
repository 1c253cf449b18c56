package dev.trinity.coordinator.cli.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.cli.InputFiles;
import dev.trinity.coordinator.train.RouterVectorFiles;
import dev.trinity.coordinator.train.store.Checkpoint;
import dev.trinity.coordinator.train.store.CheckpointStore;
import dev.trinity.coordinator.train.store.CheckpointStoreException;
import dev.trinity.coordinator.train.store.Migrations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code coordinator checkpoints}: the training checkpoint store (migrate, list, show, export). */
@Command(name = "checkpoints", mixinStandardHelpOptions = true,
        description = "Training checkpoints in SQLite (sqlite:PATH) or PostgreSQL (jdbc:postgresql://…; password from "
                + "TRINITY_STORE_PASSWORD or PGPASSWORD): migrate the schema, list, show, export a router vector.",
        subcommands = {CheckpointsCommand.Migrate.class, CheckpointsCommand.ListCheckpoints.class,
            CheckpointsCommand.Show.class, CheckpointsCommand.Export.class})
public final class CheckpointsCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The flags every subcommand takes. */
    static class StoreOptions {
        @Option(names = "--store", required = true, paramLabel = "URL",
                description = "sqlite:PATH or jdbc:postgresql://HOST:PORT/DB?user=NAME")
        String store;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Spec
        CommandLine.Model.CommandSpec spec;

        CheckpointStore open() {
            return TrainCommand.openStore(store);
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        void printJson(JsonNode node) throws IOException {
            out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        }

        static Checkpoint find(CheckpointStore store, String id) {
            return store.get(id).orElseThrow(() -> CliFailure.failed("no checkpoint " + id + " in " + store.describe()
                    + "; list them with 'coordinator checkpoints list --workflow W --store URL'"));
        }
    }

    /** {@code checkpoints migrate}. */
    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Apply the pending schema migrations (V1: the runbook's agentensor_checkpoints table and "
                    + "indexes; V2: one best row per workflow and unique versions), or roll back the newest N.")
    static final class Migrate extends StoreOptions implements Callable<Integer> {
        @Option(names = "--rollback", paramLabel = "N", description = "Roll back the newest N applied migrations "
                + "(their down scripts; rolling back V1 drops the table and its checkpoints).")
        Integer rollback;

        @Override
        public Integer call() throws IOException {
            if (rollback != null && rollback < 1) {
                throw CliFailure.usage("--rollback must be at least 1, got " + rollback);
            }
            try (CheckpointStore store = open()) {
                List<Integer> changed = rollback == null ? store.migrate() : store.rollback(rollback);
                Migrations.Status status = store.migrationStatus();
                if (json) {
                    ObjectNode node = JSON.createObjectNode().put("store", store.describe());
                    node.set(rollback == null ? "applied" : "rolled_back", JSON.valueToTree(changed));
                    node.put("version", status.version());
                    node.set("pending", JSON.valueToTree(status.pending()));
                    printJson(node);
                } else if (changed.isEmpty()) {
                    out().println(rollback == null ? "schema is current (version " + status.version() + ") in "
                            + store.describe() : "nothing to roll back in " + store.describe());
                } else {
                    out().println((rollback == null ? "applied " : "rolled back ") + versions(changed) + " in "
                            + store.describe() + "; schema version " + status.version());
                }
                return 0;
            } catch (CheckpointStoreException e) {
                throw CliFailure.failed(CliFailure.messageOf(e), e);
            }
        }

        private static String versions(List<Integer> versions) {
            List<String> names = new ArrayList<>();
            versions.forEach(v -> names.add("V" + v));
            return String.join(", ", names);
        }
    }

    /** {@code checkpoints list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "A workflow's checkpoints, newest version first (--json: a JSON array of the stored rows).")
    static final class ListCheckpoints extends StoreOptions implements Callable<Integer> {
        @Option(names = "--workflow", required = true, paramLabel = "W", description = "The workflow id.")
        String workflow;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
                description = "At most N checkpoints, 1-200 (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws IOException {
            if (limit < 1 || limit > 200) {
                throw CliFailure.usage("--limit must be 1-200, got " + limit);
            }
            try (CheckpointStore store = open()) {
                List<Checkpoint> rows = store.list(workflow, limit);
                if (json) {
                    ArrayNode array = JSON.createArrayNode();
                    rows.forEach(c -> array.add(c.toJson()));
                    printJson(array);
                    return 0;
                }
                if (rows.isEmpty()) {
                    out().println("no checkpoints for workflow " + workflow + " in " + store.describe());
                    return 0;
                }
                out().println(String.format(Locale.ROOT, "%-7s %-36s %5s %8s %4s  %s", "version", "id", "epoch",
                        "score", "best", "created_at"));
                for (Checkpoint c : rows) {
                    out().println(String.format(Locale.ROOT, "%-7d %-36s %5d %8.4f %4s  %s", c.configVersion(), c.id(),
                            c.epoch(), c.score(), c.isBest() ? "*" : "", c.createdAt()));
                }
                return 0;
            } catch (CheckpointStoreException e) {
                throw CliFailure.failed(CliFailure.messageOf(e), e);
            }
        }
    }

    /** {@code checkpoints show}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One checkpoint: metrics and metadata (--json: the stored row, router vector included).")
    static final class Show extends StoreOptions implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The checkpoint id.")
        String id;

        @Override
        public Integer call() throws IOException {
            try (CheckpointStore store = open()) {
                Checkpoint c = find(store, id);
                if (json) {
                    printJson(c.toJson());
                    return 0;
                }
                JsonNode vector = c.runnableConfig().path("router_vector");
                out().println("checkpoint " + c.id() + ": workflow " + c.workflowId() + ", config_version "
                        + c.configVersion() + (c.isBest() ? " (the workflow's best)" : "") + ", created " + c.createdAt());
                out().println("metrics: " + c.metrics());
                out().println("metadata: " + c.metadata());
                out().println("router vector: " + vector.path("length").asInt() + " values (" + vector.path("scale_count")
                        .asInt() + " SVF offsets, layers " + vector.path("svf_layers") + "), sha256 "
                        + vector.path("sha256").asText());
                out().println("export it: coordinator checkpoints export " + c.id() + " --store " + store.describe()
                        + " --out router_vector.safetensors");
                return 0;
            } catch (CheckpointStoreException e) {
                throw CliFailure.failed(CliFailure.messageOf(e), e);
            }
        }
    }

    /** {@code checkpoints export}. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a checkpoint's router vector (safetensors) and its ES-log sidecar (F_es_log.json), "
                    + "loadable by route, run and prompt-eval with --router-vector F.")
    static final class Export extends StoreOptions implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The checkpoint id.")
        String id;

        @Option(names = "--out", required = true, paramLabel = "F", description = "The router vector file to write.")
        Path file;

        @Override
        public Integer call() throws IOException {
            InputFiles.writableFile("--out", file);
            try (CheckpointStore store = open()) {
                Checkpoint c = find(store, id);
                JsonNode node = c.runnableConfig().path("router_vector");
                float[] vector;
                try {
                    vector = RouterVectorFiles.fromJson(node);
                } catch (IOException e) {
                    throw CliFailure.failed("checkpoint " + id + ": " + CliFailure.messageOf(e), e);
                }
                List<Integer> layers = new ArrayList<>();
                node.path("svf_layers").forEach(l -> layers.add(l.asInt()));
                List<String> labels = new ArrayList<>();
                node.path("agent_labels").forEach(l -> labels.add(l.asText()));
                String sha256 = RouterVectorFiles.write(file, vector, layers, labels, "checkpoint " + c.id()
                        + " of workflow " + c.workflowId() + " (config_version " + c.configVersion() + ", epoch "
                        + c.epoch() + ")");
                Path sidecar = RouterVectorFiles.sidecar(file);
                if (json) {
                    printJson(JSON.createObjectNode().put("checkpoint_id", c.id()).put("router_vector",
                            file.toString()).put("es_log", sidecar.toString()).put("sha256", sha256));
                } else {
                    out().println(String.format(Locale.ROOT, "wrote %s and %s (checkpoint %s, workflow %s, version %d, "
                            + "score %.4f)", file, sidecar.getFileName(), c.id(), c.workflowId(), c.configVersion(),
                            c.score()));
                }
                return 0;
            } catch (CheckpointStoreException e) {
                throw CliFailure.failed(CliFailure.messageOf(e), e);
            }
        }
    }
}
