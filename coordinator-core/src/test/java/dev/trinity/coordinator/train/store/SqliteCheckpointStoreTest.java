package dev.trinity.coordinator.train.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on real SQLite files. */
class SqliteCheckpointStoreTest extends CheckpointStoreContract {

    @TempDir
    Path dir;

    private int files;

    @Override
    CheckpointStore newStore() {
        return CheckpointStores.open("sqlite:" + dir.resolve("db" + files++ + "/checkpoints.sqlite"));
    }

    @Override
    CheckpointStore sameDatabase(CheckpointStore store) {
        return CheckpointStores.open(store.describe());
    }

    @Override
    Connection connect(CheckpointStore store) throws SQLException {
        return DriverManager.getConnection("jdbc:" + store.describe());
    }

    @Override
    List<String> columns(Connection connection) throws SQLException {
        return strings(connection, "SELECT name FROM pragma_table_info('agentensor_checkpoints') ORDER BY cid");
    }

    @Override
    List<String> indexes(Connection connection) throws SQLException {
        return strings(connection, "SELECT name FROM sqlite_master WHERE type = 'index' "
                + "AND tbl_name = 'agentensor_checkpoints'");
    }

    @Override
    String trueLiteral() {
        return "1";
    }

    static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                out.add(rows.getString(1));
            }
        }
        return out;
    }

    @Test
    void the_file_is_in_wal_mode_and_the_url_forms_are_parsed() throws Exception {
        try (CheckpointStore store = newStore(); Connection connection = connect(store)) {
            assertThat(strings(connection, "PRAGMA journal_mode")).containsExactly("wal");
        }
        assertThat(CheckpointStores.redact("jdbc:postgresql://db:5432/x?user=u&password=secret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/x?user=u&password=***&ssl=true");
        assertThat(CheckpointStores.redact("jdbc:postgresql://u:secret@db/x")).isEqualTo("jdbc:postgresql://u:***@db/x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CheckpointStores.open("mysql://x"))
                .hasMessageContaining("sqlite:PATH or jdbc:postgresql://");
    }
}
