package dev.trinity.coordinator.train.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every checkpoint store must do, run against real databases by the subclasses. */
abstract class CheckpointStoreContract {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A new, empty, unmigrated store (its own database or file). */
    abstract CheckpointStore newStore() throws Exception;

    /** Another store on the same database as {@code store} (as a second process would open it). */
    abstract CheckpointStore sameDatabase(CheckpointStore store) throws Exception;

    /** A raw connection to the store's database. */
    abstract Connection connect(CheckpointStore store) throws SQLException;

    /** The table's column names, in order. */
    abstract List<String> columns(Connection connection) throws SQLException;

    /** The index names of the table. */
    abstract List<String> indexes(Connection connection) throws SQLException;

    /** SQL literal of a true is_best. */
    abstract String trueLiteral();

    static NewCheckpoint checkpoint(String workflow, double score) {
        ObjectNode metrics = JSON.createObjectNode().put("score", score);
        ObjectNode metadata = JSON.createObjectNode().put("epoch", 1);
        return new NewCheckpoint(null, workflow, null, JSON.createObjectNode().put("pool", "mock"), metrics, metadata,
                null);
    }

    @Test
    void migrations_create_the_runbooks_table_and_indexes_plus_the_unique_ones() throws Exception {
        try (CheckpointStore store = newStore()) {
            assertThat(store.migrationStatus().pending()).containsExactly(1, 2);
            assertThat(store.migrate()).containsExactly(1, 2);
            assertThat(store.migrate()).isEmpty();
            assertThat(store.migrationStatus().current()).isTrue();
            try (Connection connection = connect(store)) {
                assertThat(columns(connection)).containsExactly("id", "workflow_id", "config_version",
                        "runnable_config", "metrics", "metadata", "artifact_url", "is_best", "created_at");
                assertThat(indexes(connection)).contains("idx_agentensor_checkpoints_workflow",
                        "idx_agentensor_checkpoints_best", "ux_agentensor_checkpoints_version",
                        "ux_agentensor_checkpoints_one_best");
            }
        }
    }

    @Test
    void rollback_runs_the_down_scripts_newest_first_and_migrate_applies_them_again() throws Exception {
        try (CheckpointStore store = newStore()) {
            store.migrate();
            assertThat(store.rollback(1)).containsExactly(2);
            try (Connection connection = connect(store)) {
                assertThat(indexes(connection)).contains("idx_agentensor_checkpoints_workflow")
                        .doesNotContain("ux_agentensor_checkpoints_version", "ux_agentensor_checkpoints_one_best");
            }
            assertThat(store.migrationStatus().version()).isEqualTo(1);
            assertThat(store.rollback(5)).containsExactly(1);
            assertThat(store.migrationStatus().applied()).isEmpty();
            assertThatThrownBy(() -> store.list("w", 5)).hasMessageContaining("checkpoints migrate");
            assertThat(store.migrate()).containsExactly(1, 2);
            assertThat(store.record(checkpoint("w", 0.5)).configVersion()).isEqualTo(1);
        }
    }

    @Test
    void versions_count_up_per_workflow_and_list_is_newest_first_with_a_limit() throws Exception {
        try (CheckpointStore store = newStore()) {
            store.migrate();
            for (int i = 0; i < 5; i++) {
                store.record(checkpoint("a", i / 10.0));
            }
            store.record(checkpoint("b", 0.9));
            assertThat(store.list("a", 3)).extracting(Checkpoint::configVersion).containsExactly(5, 4, 3);
            assertThat(store.list("a", 50)).hasSize(5);
            assertThat(store.list("b", 50)).extracting(Checkpoint::configVersion).containsExactly(1);
            assertThat(store.latest("a")).get().extracting(Checkpoint::configVersion).isEqualTo(5);
            assertThat(store.list("nobody", 5)).isEmpty();
            assertThatThrownBy(() -> store.list("a", 0)).hasMessageContaining("at least 1");
        }
    }

    @Test
    void best_means_strictly_above_every_earlier_checkpoint_of_the_workflow() throws Exception {
        try (CheckpointStore store = newStore()) {
            store.migrate();
            Checkpoint first = store.record(checkpoint("w", 0.5));
            Checkpoint lower = store.record(checkpoint("w", 0.4));
            Checkpoint higher = store.record(checkpoint("w", 0.6));
            Checkpoint tie = store.record(checkpoint("w", 0.6));
            assertThat(first.isBest()).isTrue();
            assertThat(lower.isBest()).isFalse();
            assertThat(higher.isBest()).isTrue();
            assertThat(tie.isBest()).isFalse();
            assertThat(store.best("w")).get().extracting(Checkpoint::id).isEqualTo(higher.id());
            assertThat(store.get(first.id())).get().extracting(Checkpoint::isBest).isEqualTo(false);
            Checkpoint read = store.get(higher.id()).orElseThrow();
            assertThat(read).isEqualTo(higher);
            assertThat(read.toJson().fieldNames()).toIterable().containsExactly("id", "workflow_id",
                    "config_version", "runnable_config", "metrics", "metadata", "artifact_url", "created_at",
                    "is_best");
        }
    }

    @Test
    void writing_an_existing_id_returns_the_stored_row() throws Exception {
        try (CheckpointStore store = newStore()) {
            store.migrate();
            NewCheckpoint c = checkpoint("w", 0.5);
            Checkpoint first = store.record(c);
            Checkpoint again = store.record(c);
            assertThat(again).isEqualTo(first);
            assertThat(store.list("w", 10)).hasSize(1);
            NewCheckpoint explicit = new NewCheckpoint(null, "w", 1, c.runnableConfig(), c.metrics(), c.metadata(),
                    null);
            assertThatThrownBy(() -> store.record(explicit)).hasMessageContaining("already has config_version 1");
        }
    }

    @Test
    void the_database_itself_refuses_a_second_best_row_and_a_duplicate_version() throws Exception {
        try (CheckpointStore store = newStore()) {
            store.migrate();
            store.record(checkpoint("w", 0.5));
            try (Connection connection = connect(store); Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO agentensor_checkpoints (id, workflow_id, "
                        + "config_version, runnable_config, metrics, metadata, is_best, created_at) VALUES ('x', 'w', 2, "
                        + "'{}', '{}', '{}', " + trueLiteral() + ", '2026-01-01T00:00:00Z')"))
                        .isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO agentensor_checkpoints (id, workflow_id, "
                        + "config_version, runnable_config, metrics, metadata, created_at) VALUES ('y', 'w', 1, "
                        + "'{}', '{}', '{}', '2026-01-01T00:00:00Z')"))
                        .isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void eight_concurrent_writers_of_25_checkpoints_leave_one_best_row_and_every_version_once() throws Exception {
        int writers = 8;
        int each = 25;
        try (CheckpointStore first = newStore()) {
            first.migrate();
            List<CheckpointStore> stores = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                stores.add(sameDatabase(first)); // one store (connection pool) per writer, as separate processes
            }
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Checkpoint>>> results = new ArrayList<>();
            try {
                for (int w = 0; w < writers; w++) {
                    CheckpointStore store = stores.get(w);
                    SplittableRandom random = new SplittableRandom(w);
                    results.add(pool.submit(() -> {
                        start.await();
                        List<Checkpoint> mine = new ArrayList<>();
                        for (int i = 0; i < each; i++) {
                            // coarse scores: many ties, many new bests racing each other
                            mine.add(store.record(checkpoint("race", Math.floor(random.nextDouble() * 40) / 40)));
                        }
                        return mine;
                    }));
                }
                start.countDown();
                List<Checkpoint> written = new ArrayList<>();
                for (Future<List<Checkpoint>> result : results) {
                    written.addAll(result.get());
                }
                assertThat(written).hasSize(writers * each);
            } finally {
                pool.shutdownNow();
                for (CheckpointStore store : stores) {
                    store.close();
                }
            }
            List<Checkpoint> rows = first.list("race", 1000);
            assertThat(rows).hasSize(writers * each);
            List<Integer> versions = new ArrayList<>(rows.stream().map(Checkpoint::configVersion).toList());
            Collections.sort(versions);
            assertThat(versions).isEqualTo(IntStream.rangeClosed(1, writers * each).boxed().toList());
            List<Checkpoint> best = rows.stream().filter(Checkpoint::isBest).toList();
            assertThat(best).hasSize(1);
            double top = rows.stream().mapToDouble(Checkpoint::score).max().orElseThrow();
            int firstTop = rows.stream().filter(c -> c.score() == top).mapToInt(Checkpoint::configVersion).min()
                    .orElseThrow();
            assertThat(best.get(0).score()).isEqualTo(top);
            assertThat(best.get(0).configVersion()).isEqualTo(firstTop);
        }
    }
}
