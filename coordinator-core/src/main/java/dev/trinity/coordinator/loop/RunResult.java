package dev.trinity.coordinator.loop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The typed outcome of a run: {@link Success} or {@link Failure}; expected outcomes never throw.
 */
public sealed interface RunResult {

    /** The run id. */
    String runId();

    /** The completed turns, in order. */
    List<TurnRecord> turns();

    /** What the run consumed. */
    Usage usage();

    /** Warnings given during the run (for example a cost budget without an estimator). */
    List<String> warnings();

    /** True for {@link Success}. */
    default boolean ok() {
        return this instanceof Success;
    }

    /**
     * The Verifier accepted, or the turn cap was reached with an answer.
     *
     * @param runId the run id
     * @param text the Verifier's reply when accepted, else the latest Worker reply
     * @param termination how the run ended
     * @param latestWorkerResponse the latest Worker (or seeded assistant) reply, or null
     * @param turns the turns
     * @param usage the usage
     * @param warnings the warnings
     */
    record Success(String runId, String text, Termination termination, String latestWorkerResponse,
                   List<TurnRecord> turns, Usage usage, List<String> warnings) implements RunResult {

        /** Copies the lists. */
        public Success {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(termination, "termination");
            turns = List.copyOf(turns);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * The run failed.
     *
     * @param runId the run id
     * @param kind the failure kind, for example {@link FailureKind#BUDGET_EXCEEDED} or a provider error kind such
     *     as {@link FailureKind#PROVIDER_RATE_LIMITED}
     * @param details redacted details (for budgets: {@code budget} plus the runbook's fields)
     * @param turns the completed turns
     * @param usage the usage
     * @param warnings the warnings
     */
    record Failure(String runId, FailureKind kind, Map<String, Object> details, List<TurnRecord> turns, Usage usage,
                   List<String> warnings) implements RunResult {

        /** Copies the collections. */
        public Failure {
            Objects.requireNonNull(kind, "kind");
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
            turns = List.copyOf(turns);
            warnings = List.copyOf(warnings);
        }

        /**
         * One readable line: the kind, then which budget ran out and by how much, what the provider answered, or the
         * details as {@code key value} pairs.
         */
        public String describe() {
            return FailureText.of(kind, details);
        }
    }
}
