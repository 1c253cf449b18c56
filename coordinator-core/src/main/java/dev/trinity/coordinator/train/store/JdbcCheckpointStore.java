package dev.trinity.coordinator.train.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.json.JsonFiles;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@link CheckpointStore} over JDBC, for SQLite and PostgreSQL ({@link CheckpointStores#open} picks one).
 *
 * <p>A write is one transaction: take the workflow's write lock (SQLite: {@code BEGIN IMMEDIATE}; PostgreSQL: an
 * advisory lock on the workflow id), return the row if the id exists, read {@code MAX(config_version)} and the
 * highest score of the workflow, clear the old best flag when the new score is strictly higher, insert. The unique
 * indexes of migration V2 refuse a second best row or a duplicate version whatever a writer does; a write that hits
 * one (or a busy database) is retried.
 */
public final class JdbcCheckpointStore implements CheckpointStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 20;
    private static final String COLUMNS = "id, workflow_id, config_version, runnable_config, metrics, metadata, "
            + "artifact_url, created_at, is_best";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM agentensor_checkpoints WHERE id = ?";
    private static final String LIST = "SELECT " + COLUMNS + " FROM agentensor_checkpoints WHERE workflow_id = ? "
            + "ORDER BY config_version DESC LIMIT ?";
    private static final String BEST_SQLITE = "SELECT " + COLUMNS + " FROM agentensor_checkpoints "
            + "WHERE workflow_id = ? AND is_best = 1";
    private static final String BEST_POSTGRES = "SELECT " + COLUMNS + " FROM agentensor_checkpoints "
            + "WHERE workflow_id = ? AND is_best";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String description;
    private final AutoCloseable resources;
    private final Migrations migrations;

    JdbcCheckpointStore(DataSource dataSource, Dialect dialect, String description, AutoCloseable resources) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.description = description;
        this.resources = resources;
        this.migrations = new Migrations(dataSource, dialect);
    }

    @Override
    public Checkpoint record(NewCheckpoint checkpoint) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return tryRecord(checkpoint);
            } catch (SQLException e) {
                if (checkpoint.configVersion() != null && dialect.isUniqueViolation(e)) {
                    throw new CheckpointStoreException("workflow " + checkpoint.workflowId() + " already has "
                            + "config_version " + checkpoint.configVersion() + " (" + describe() + ")", e);
                }
                if (!dialect.isUniqueViolation(e) && !dialect.isTransient(e)) {
                    throw failure("writing a checkpoint", e);
                }
                last = e;
                pause(attempt);
            }
        }
        throw failure("writing a checkpoint (still conflicting after " + ATTEMPTS + " attempts)", last);
    }

    private Checkpoint tryRecord(NewCheckpoint c) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (dialect.workflowLock() != null) {
                    try (PreparedStatement lock = connection.prepareStatement(dialect.workflowLock())) {
                        lock.setString(1, c.workflowId());
                        lock.execute();
                    }
                }
                Optional<Checkpoint> existing = one(connection, BY_ID, c.id());
                if (existing.isPresent()) {
                    connection.commit();
                    return existing.get();
                }
                int version;
                double topScore;
                try (PreparedStatement read = connection.prepareStatement("SELECT COALESCE(MAX(config_version), 0), "
                        + "MAX(" + dialect.scoreExpression() + "), COUNT(*) FROM agentensor_checkpoints "
                        + "WHERE workflow_id = ?")) {
                    read.setString(1, c.workflowId());
                    try (ResultSet row = read.executeQuery()) {
                        row.next();
                        version = row.getInt(1) + 1;
                        double score = row.getDouble(2);
                        topScore = row.wasNull() ? Double.NEGATIVE_INFINITY : score;
                    }
                }
                if (c.configVersion() != null) {
                    version = c.configVersion();
                }
                boolean best = c.score() > topScore;
                if (best) {
                    try (PreparedStatement clear = connection.prepareStatement(dialect.clearBest())) {
                        clear.setString(1, c.workflowId());
                        clear.executeUpdate();
                    }
                }
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                String json = dialect.jsonParameter();
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO agentensor_checkpoints ("
                        + COLUMNS + ") VALUES (?, ?, ?, " + json + ", " + json + ", " + json + ", ?, ?, ?)")) {
                    insert.setString(1, c.id());
                    insert.setString(2, c.workflowId());
                    insert.setInt(3, version);
                    insert.setString(4, text(c.runnableConfig()));
                    insert.setString(5, text(c.metrics()));
                    insert.setString(6, text(c.metadata()));
                    insert.setString(7, c.artifactUrl());
                    if (dialect == Dialect.POSTGRESQL) {
                        insert.setTimestamp(8, Timestamp.from(now));
                        insert.setBoolean(9, best);
                    } else {
                        insert.setString(8, now.toString());
                        insert.setInt(9, best ? 1 : 0);
                    }
                    insert.executeUpdate();
                }
                connection.commit();
                return new Checkpoint(c.id(), c.workflowId(), version, c.runnableConfig(), c.metrics(), c.metadata(),
                        c.artifactUrl(), now, best);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    @Override
    public List<Checkpoint> list(String workflowId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(LIST)) {
            select.setString(1, workflowId);
            select.setInt(2, limit);
            List<Checkpoint> out = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.add(row(rows));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("listing checkpoints", e);
        }
    }

    @Override
    public Optional<Checkpoint> get(String id) {
        try (Connection connection = dataSource.getConnection()) {
            return one(connection, BY_ID, id);
        } catch (SQLException e) {
            throw failure("reading checkpoint " + id, e);
        }
    }

    @Override
    public Optional<Checkpoint> best(String workflowId) {
        try (Connection connection = dataSource.getConnection()) {
            return one(connection, dialect == Dialect.POSTGRESQL ? BEST_POSTGRES : BEST_SQLITE, workflowId);
        } catch (SQLException e) {
            throw failure("reading the best checkpoint of " + workflowId, e);
        }
    }

    @Override
    public Migrations.Status migrationStatus() {
        try {
            return migrations.status();
        } catch (SQLException e) {
            throw failure("reading the schema version", e);
        }
    }

    @Override
    public List<Integer> migrate() {
        try {
            return migrations.migrate();
        } catch (SQLException e) {
            throw failure("migrating", e);
        }
    }

    @Override
    public List<Integer> rollback(int count) {
        try {
            return migrations.rollback(count);
        } catch (SQLException e) {
            throw failure("rolling back", e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (resources != null) {
            try {
                resources.close();
            } catch (Exception e) {
                throw new CheckpointStoreException("closing " + description + ": " + e.getMessage(), e);
            }
        }
    }

    private Optional<Checkpoint> one(Connection connection, String sql, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(row(rows)) : Optional.empty();
            }
        }
    }

    private Checkpoint row(ResultSet rows) throws SQLException {
        Instant created = dialect == Dialect.POSTGRESQL ? rows.getTimestamp(8).toInstant()
                : Instant.parse(rows.getString(8));
        boolean best = dialect == Dialect.POSTGRESQL ? rows.getBoolean(9) : rows.getInt(9) != 0;
        return new Checkpoint(rows.getString(1), rows.getString(2), rows.getInt(3), parse(rows.getString(4)),
                parse(rows.getString(5)), parse(rows.getString(6)), rows.getString(7), created, best);
    }

    private static JsonNode parse(String json) throws SQLException {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored checkpoint holds invalid JSON: " + JsonFiles.describe(e), e);
        }
    }

    private static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise checkpoint JSON", e);
        }
    }

    private CheckpointStoreException failure(String what, SQLException e) {
        String message = e == null ? "unknown error" : String.valueOf(e.getMessage());
        if (message.contains("no such table") || message.contains("does not exist")) {
            return new CheckpointStoreException(what + " in " + describe() + ": the table agentensor_checkpoints does "
                    + "not exist; run 'coordinator checkpoints migrate --store URL' first", e);
        }
        return new CheckpointStoreException(what + " in " + describe() + " failed: "
                + CheckpointStores.redact(message.strip().replace('\n', ' ')), e);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(200, 2L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckpointStoreException("interrupted while retrying a checkpoint write");
        }
    }
}
