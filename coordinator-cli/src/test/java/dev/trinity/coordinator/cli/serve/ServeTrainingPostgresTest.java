package dev.trinity.coordinator.cli.serve;

import dev.trinity.coordinator.train.store.CheckpointStore;
import dev.trinity.coordinator.train.store.CheckpointStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The websocket training run and the checkpoint REST of {@link ServeTrainingTest} on a real PostgreSQL 14 server,
 * started by this test from the binaries on Maven Central (no Docker): the store replicas share.
 */
class ServeTrainingPostgresTest {

    @TempDir
    static Path dir;

    static EmbeddedPostgres postgres;
    static ServeFixture serve;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        String admin = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres";
        try (Connection connection = DriverManager.getConnection(admin);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE serve_test");
        }
        CheckpointStore store = CheckpointStores.open("jdbc:postgresql://localhost:" + postgres.getPort()
                + "/serve_test?user=postgres", Map.of());
        store.migrate();
        serve = ServeFixture.start(store, null, 2, dir.resolve("training"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (serve != null) {
            serve.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void a_websocket_run_on_postgresql_streams_its_events_and_its_checkpoints_are_readable_over_rest()
            throws Exception {
        ServeTrainingTest.trainAndRead(serve, "pg-demo");
    }
}
