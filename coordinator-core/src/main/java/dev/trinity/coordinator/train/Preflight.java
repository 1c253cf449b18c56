package dev.trinity.coordinator.train;

import dev.trinity.coordinator.eval.PromptEvalCase;
import dev.trinity.coordinator.hash.TraceHash;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.Wording;
import dev.trinity.coordinator.train.store.CheckpointStore;
import dev.trinity.coordinator.train.store.Migrations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks a run makes before any training work, each failing with one line ({@link TrainingException},
 * prefixed {@code pre-flight:}): labels in range, no conversation labelled two ways, enough disk for the cache,
 * checkpoints and log, the store migrated. Warnings (duplicate conversations, class balance) are returned.
 */
public final class Preflight {

    private Preflight() {
    }

    /**
     * The dataset against the router's shape: every expected agent is a slot of the head, every role 0-2, no
     * transcript twice with different labels; reports the class balance.
     *
     * @param data the split dataset
     * @param agents the head's agent slots
     * @return warnings and the balance report, one line each
     */
    public static List<String> dataset(TrainingData data, int agents) {
        List<String> notes = new ArrayList<>();
        Map<String, PromptEvalCase> byTranscript = new HashMap<>();
        Map<String, Integer> classes = new TreeMap<>();
        for (PromptEvalCase c : data.all()) {
            if (c.expectedAgentId() < 0 || c.expectedAgentId() >= agents) {
                throw new TrainingException("pre-flight: dataset: case \"" + c.id() + "\" expects agent "
                        + c.expectedAgentId() + ", but the router has agent slots 0-" + (agents - 1));
            }
            if (c.expectedRoleId() < 0 || c.expectedRoleId() > 2) {
                throw new TrainingException("pre-flight: dataset: case \"" + c.id() + "\" expects role "
                        + c.expectedRoleId() + "; roles are 0 (Worker), 1 (Thinker), 2 (Verifier)");
            }
            PromptEvalCase earlier = byTranscript.putIfAbsent(TraceHash.messages(c.messages()), c);
            if (earlier != null) {
                if (earlier.expectedAgentId() != c.expectedAgentId() || earlier.expectedRoleId() != c.expectedRoleId()) {
                    throw new TrainingException("pre-flight: dataset: cases \"" + earlier.id() + "\" and \"" + c.id()
                            + "\" have the same conversation but different expected routes; fix or drop one");
                }
                notes.add("warning: cases \"" + earlier.id() + "\" and \"" + c.id() + "\" have the same conversation");
            }
            classes.merge("agent " + c.expectedAgentId() + "/role " + c.expectedRoleId(), 1, Integer::sum);
        }
        if (data.train().isEmpty()) {
            throw new TrainingException("pre-flight: dataset: no training cases are left after the validation split; "
                    + "add cases or lower validation.fraction");
        }
        int total = data.all().size();
        StringBuilder balance = new StringBuilder("class balance (" + total + " cases, " + data.train().size()
                + " train, " + data.validation().size() + " validation):");
        classes.forEach((k, v) -> balance.append(String.format(Locale.ROOT, " %s %d (%.0f%%)", k, v,
                100.0 * v / total)));
        notes.add(balance.toString());
        classes.forEach((k, v) -> {
            if (v * 100 > total * 80 && classes.size() > 1) {
                notes.add("warning: " + k + " holds " + v + " of " + total + " cases; the router may learn to answer "
                        + "it always");
            }
        });
        return notes;
    }

    /**
     * Disk space for the cache, checkpoints and log: at least twice the estimate must be free.
     *
     * @param out the output folder
     * @param cases the number of cases
     * @param hiddenSize the vector size
     * @param vectorLength the router vector's length
     * @param epochs the epochs
     */
    public static void disk(Path out, int cases, int hiddenSize, int vectorLength, int epochs) {
        long cache = (long) cases * (44L + 4L * hiddenSize);
        long checkpoints = (long) epochs * (4L * vectorLength * 4 / 3 + 4096) * 2;
        long log = (long) cases * epochs * 400L;
        long need = 2 * (cache + checkpoints + log) + (8L << 20);
        try {
            Files.createDirectories(out);
            long free = Files.getFileStore(out).getUsableSpace();
            if (free < need) {
                throw new TrainingException(Wording.of(String.format(Locale.ROOT, "pre-flight: disk: %s has %.1f MB "
                        + "free, the run needs about %.1f MB for its hidden-state cache, checkpoints and log; free space "
                        + "or pass another ", out, free / 1e6, need / 1e6), Setting.OUTPUT_DIR), null);
            }
        } catch (IOException e) {
            throw new TrainingException("pre-flight: disk: cannot create or inspect " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * The store: reachable (its status can be read) and migrated.
     *
     * @param store the store
     * @param migrate apply pending migrations (the embedded SQLite default) instead of failing
     */
    public static void store(CheckpointStore store, boolean migrate) {
        Migrations.Status status;
        try {
            status = store.migrationStatus();
        } catch (RuntimeException e) {
            throw new TrainingException("pre-flight: store: " + e.getMessage(), e);
        }
        if (status.current()) {
            return;
        }
        if (migrate) {
            store.migrate();
            return;
        }
        throw new TrainingException("pre-flight: store: " + store.describe() + " is at schema version "
                + status.version() + " with migrations " + status.pending() + " pending; run 'coordinator checkpoints "
                + "migrate --store URL' first");
    }
}
