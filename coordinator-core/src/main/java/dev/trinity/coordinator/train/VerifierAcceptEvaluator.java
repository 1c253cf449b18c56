package dev.trinity.coordinator.train;

import dev.trinity.coordinator.loop.Orchestrator;
import dev.trinity.coordinator.loop.RunOptions;
import dev.trinity.coordinator.loop.RunResult;
import dev.trinity.coordinator.loop.Termination;
import dev.trinity.coordinator.pool.AgentPool;
import java.util.Objects;

/**
 * {@code verifier-accept}: runs the whole loop for the case's conversation with the candidate router against the
 * provider pool; 1 when the Verifier ACCEPTs within the budgets and the turn cap, else 0 with the reason.
 */
public final class VerifierAcceptEvaluator implements Evaluator {

    /** The built-in id. */
    public static final String ID = "verifier-accept";

    private final AgentPool pool;
    private final RunOptions options;

    /**
     * An evaluator over a bound pool.
     *
     * @param pool the agents (the mock pool in tests)
     * @param options turn cap and budgets of each run
     */
    public VerifierAcceptEvaluator(AgentPool pool, RunOptions options) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public Evaluation evaluate(EvaluationContext context) {
        RunResult result = Orchestrator.builder(context.router(), pool).build()
                .run(context.trainingCase().messages(), options);
        if (result instanceof RunResult.Success success && success.termination() == Termination.ACCEPTED) {
            return new Evaluation(1.0, true, "accepted after " + success.turns().size() + " turns");
        }
        if (result instanceof RunResult.Failure failure) {
            return Evaluation.failed(failure.kind().wireName());
        }
        return Evaluation.failed("not accepted within " + result.turns().size() + " turns");
    }

    @Override
    public boolean needsPool() {
        return true;
    }
}
