package dev.trinity.coordinator.eval;

/** Progress of a prompt-eval run, for a progress line; a listener must not throw. */
@FunctionalInterface
public interface PromptEvalListener {

    /** A listener that ignores progress. */
    PromptEvalListener NONE = (run, runs, done, total) -> { };

    /**
     * A batch was routed.
     *
     * @param run the determinism run, 1-based
     * @param runs how many runs there are
     * @param done cases routed so far in this run
     * @param total cases per run
     */
    void routed(int run, int runs, int done, int total);
}
