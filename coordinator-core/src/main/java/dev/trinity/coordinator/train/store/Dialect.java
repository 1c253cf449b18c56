package dev.trinity.coordinator.train.store;

/**
 * What differs between the two databases: how JSON, booleans and times are stored, how a writer takes the
 * workflow's write lock, and where the migration scripts are.
 */
enum Dialect {

    /** SQLite: JSON as TEXT, is_best 0/1, created_at ISO-8601 text; writers serialise with BEGIN IMMEDIATE. */
    SQLITE("sqlite", "CAST(json_extract(metrics, '$.score') AS REAL)", "?", null,
            "UPDATE agentensor_checkpoints SET is_best = 0 WHERE workflow_id = ? AND is_best = 1"),

    /** PostgreSQL: JSONB, BOOLEAN, TIMESTAMPTZ; writers of one workflow serialise on an advisory lock. */
    POSTGRESQL("postgresql", "(metrics->>'score')::double precision", "CAST(? AS jsonb)",
            "SELECT pg_advisory_xact_lock(hashtextextended(?, 7321))",
            "UPDATE agentensor_checkpoints SET is_best = FALSE WHERE workflow_id = ? AND is_best");

    private final String folder;
    private final String scoreExpression;
    private final String jsonParameter;
    private final String workflowLock;
    private final String clearBest;

    Dialect(String folder, String scoreExpression, String jsonParameter, String workflowLock, String clearBest) {
        this.folder = folder;
        this.scoreExpression = scoreExpression;
        this.jsonParameter = jsonParameter;
        this.workflowLock = workflowLock;
        this.clearBest = clearBest;
    }

    /** The resource folder of the migration scripts. */
    String folder() {
        return folder;
    }

    /** The SQL expression of a row's score. */
    String scoreExpression() {
        return scoreExpression;
    }

    /** A JSON parameter placeholder. */
    String jsonParameter() {
        return jsonParameter;
    }

    /** The statement that serialises writers of one workflow inside a transaction, or null (SQLite locks the file). */
    String workflowLock() {
        return workflowLock;
    }

    /** Clears the workflow's best flag. */
    String clearBest() {
        return clearBest;
    }

    /** Whether an SQL error is a unique-index violation (retry the write). */
    boolean isUniqueViolation(java.sql.SQLException e) {
        if (this == POSTGRESQL) {
            return "23505".equals(e.getSQLState());
        }
        String message = String.valueOf(e.getMessage());
        return message.contains("UNIQUE constraint failed") || message.contains("SQLITE_CONSTRAINT");
    }

    /** Whether an SQL error means "try again" (a serialisation failure or a busy database). */
    boolean isTransient(java.sql.SQLException e) {
        if (this == POSTGRESQL) {
            return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
        }
        String message = String.valueOf(e.getMessage());
        return message.contains("SQLITE_BUSY") || message.contains("database is locked");
    }
}
