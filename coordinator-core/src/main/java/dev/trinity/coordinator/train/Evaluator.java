package dev.trinity.coordinator.train;

/**
 * Scores a candidate router on one case. The trainer maximises the mean score over the cases (and over the
 * evaluators, unweighted).
 *
 * <p>User evaluators are named by class in the config ({@code {"id": "mine", "entrypoint":
 * "com.example.MyEvaluator", "config": {...}}}): a public class with a public constructor taking the config as a
 * {@code com.fasterxml.jackson.databind.JsonNode}, or a public no-argument constructor. Evaluators run in parallel
 * (up to {@code optimizer.max_concurrency}) and must be thread-safe; each call is limited to
 * {@code optimizer.case_timeout_seconds}. An exception scores the case 0 with the exception's message as reason.
 */
@FunctionalInterface
public interface Evaluator {

    /**
     * Scores one case.
     *
     * @param context the case and the candidate's route
     * @return the evaluation
     * @throws Exception any failure (the case scores 0)
     */
    Evaluation evaluate(EvaluationContext context) throws Exception;

    /** Whether this evaluator runs the loop against the provider pool (pre-flight then checks the pool). */
    default boolean needsPool() {
        return false;
    }
}
