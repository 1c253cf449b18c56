package dev.trinity.coordinator.train.store;

import dev.trinity.coordinator.hash.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Versioned schema migrations with down scripts: {@code V<n>__<name>.sql} and {@code V<n>__<name>.down.sql} in
 * this package's resources, one folder per dialect. Applied versions and their checksums are kept in
 * {@code trinity_schema_history}; each migration runs in its own transaction with its history row, under a lock
 * that makes concurrent migrators wait (SQLite's write lock, a PostgreSQL advisory lock).
 */
public final class Migrations {

    /** The migrations, in order. */
    static final List<Migration> ALL = List.of(
            new Migration(1, "create_checkpoints"),
            new Migration(2, "unique_best_and_versions"));

    private static final String HISTORY = "CREATE TABLE IF NOT EXISTS trinity_schema_history ("
            + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, checksum TEXT NOT NULL, "
            + "applied_at TEXT NOT NULL)";
    private static final String APPLIED = "SELECT version, checksum FROM trinity_schema_history ORDER BY version";
    private static final String RECORD = "INSERT INTO trinity_schema_history (version, description, checksum, "
            + "applied_at) VALUES (?, ?, ?, ?)";
    private static final String FORGET = "DELETE FROM trinity_schema_history WHERE version = ?";
    private static final String PG_LOCK = "SELECT pg_advisory_xact_lock(7321001)";

    private final DataSource dataSource;
    private final Dialect dialect;

    Migrations(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** One versioned migration. */
    record Migration(int version, String name) {
        String upResource(Dialect dialect) {
            return dialect.folder() + "/V" + version + "__" + name + ".sql";
        }

        String downResource(Dialect dialect) {
            return dialect.folder() + "/V" + version + "__" + name + ".down.sql";
        }
    }

    /**
     * Where a schema stands.
     *
     * @param applied applied versions, ascending
     * @param pending versions not applied yet, ascending
     */
    public record Status(List<Integer> applied, List<Integer> pending) {
        /** Copies. */
        public Status {
            applied = List.copyOf(applied);
            pending = List.copyOf(pending);
        }

        /** Whether every migration is applied. */
        public boolean current() {
            return pending.isEmpty();
        }

        /** The newest applied version, 0 when none. */
        public int version() {
            return applied.isEmpty() ? 0 : applied.get(applied.size() - 1);
        }
    }

    /** The applied and pending versions. */
    Status status() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Map<Integer, String> applied = applied(connection);
            List<Integer> pending = new ArrayList<>();
            for (Migration m : ALL) {
                if (!applied.containsKey(m.version())) {
                    pending.add(m.version());
                }
            }
            return new Status(new ArrayList<>(applied.keySet()), pending);
        }
    }

    /** Applies what is pending, one transaction each; checks the checksums of what was applied before. */
    List<Integer> migrate() throws SQLException {
        List<Integer> done = new ArrayList<>();
        for (Migration m : ALL) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    Map<Integer, String> applied = lockAndRead(connection);
                    String script = read(m.upResource(dialect));
                    String checksum = Sha256.of(script.getBytes(StandardCharsets.UTF_8));
                    if (applied.containsKey(m.version())) {
                        if (!applied.get(m.version()).equals(checksum)) {
                            throw new CheckpointStoreException("migration V" + m.version() + " (" + m.name()
                                    + ") was changed after it was applied to this database (checksum differs); "
                                    + "restore the original script or roll the database back first");
                        }
                        connection.rollback();
                        continue;
                    }
                    execute(connection, script);
                    try (PreparedStatement insert = connection.prepareStatement(RECORD)) {
                        insert.setInt(1, m.version());
                        insert.setString(2, m.name());
                        insert.setString(3, checksum);
                        insert.setString(4, Instant.now().toString());
                        insert.executeUpdate();
                    }
                    connection.commit();
                    done.add(m.version());
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            }
        }
        return done;
    }

    /** Rolls back the newest {@code count} applied migrations with their down scripts. */
    List<Integer> rollback(int count) throws SQLException {
        if (count < 1) {
            throw new IllegalArgumentException("roll back at least 1 migration, got " + count);
        }
        List<Integer> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    Map<Integer, String> applied = lockAndRead(connection);
                    if (applied.isEmpty()) {
                        connection.rollback();
                        break;
                    }
                    int version = ((TreeMap<Integer, String>) applied).lastKey();
                    Migration m = ALL.stream().filter(x -> x.version() == version).findFirst()
                            .orElseThrow(() -> new CheckpointStoreException("the database has migration V" + version
                                    + ", which this version of the coordinator does not know; use a newer one"));
                    execute(connection, read(m.downResource(dialect)));
                    try (PreparedStatement forget = connection.prepareStatement(FORGET)) {
                        forget.setInt(1, version);
                        forget.executeUpdate();
                    }
                    connection.commit();
                    done.add(version);
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            }
        }
        return done;
    }

    private Map<Integer, String> lockAndRead(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (dialect == Dialect.POSTGRESQL) {
                statement.execute(PG_LOCK);
            }
            statement.execute(HISTORY);
        }
        return applied(connection);
    }

    private static Map<Integer, String> applied(Connection connection) throws SQLException {
        Map<Integer, String> applied = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute(HISTORY);
            try (ResultSet rows = statement.executeQuery(APPLIED)) {
                while (rows.next()) {
                    applied.put(rows.getInt(1), rows.getString(2));
                }
            }
        }
        return applied;
    }

    private static void execute(Connection connection, String script) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(script)) {
                statement.execute(sql);
            }
        }
    }

    /** The statements of a script: split at semicolons ending a line, comment lines dropped. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration script " + resource, e);
        }
    }
}
