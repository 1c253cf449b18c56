package dev.trinity.coordinator.train.store;

import java.util.List;
import java.util.Optional;

/**
 * Where training checkpoints are kept: append-only, newest version first, one best row per workflow.
 *
 * <p>Implementations are thread-safe and safe across processes: the version and the best flag are decided inside
 * the write transaction, and the database's unique indexes refuse a second best row or a duplicate version.
 */
public interface CheckpointStore extends AutoCloseable {

    /**
     * Writes a checkpoint in one transaction: version {@code MAX + 1} (unless given), best when its score is
     * strictly above every earlier checkpoint of the workflow (the previous best loses the flag). Writing an id that
     * exists returns the stored row unchanged.
     *
     * @param checkpoint what to write
     * @return the row as stored
     * @throws CheckpointStoreException when the store fails or the given version exists
     */
    Checkpoint record(NewCheckpoint checkpoint);

    /**
     * The checkpoints of a workflow, newest version first.
     *
     * @param workflowId the workflow
     * @param limit at most this many, at least 1
     * @return the checkpoints
     */
    List<Checkpoint> list(String workflowId, int limit);

    /** One checkpoint by id. */
    Optional<Checkpoint> get(String id);

    /** The workflow's newest checkpoint. */
    default Optional<Checkpoint> latest(String workflowId) {
        return list(workflowId, 1).stream().findFirst();
    }

    /** The workflow's best checkpoint. */
    Optional<Checkpoint> best(String workflowId);

    /** The schema: applied and pending migrations. */
    Migrations.Status migrationStatus();

    /** Applies the pending migrations; returns the versions applied. */
    List<Integer> migrate();

    /**
     * Rolls back the newest {@code count} applied migrations, running their down scripts.
     *
     * @return the versions rolled back, newest first
     */
    List<Integer> rollback(int count);

    /** Where the store is, with any password removed: for messages. */
    String describe();

    /** Releases connections. */
    @Override
    void close();
}
