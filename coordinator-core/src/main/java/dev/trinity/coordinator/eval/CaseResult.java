package dev.trinity.coordinator.eval;

import java.util.Objects;

/**
 * The result of one case in the first pass.
 *
 * @param evalCase the case
 * @param route what the router computed
 * @param transcriptHash the snapshot {@code transcript_hash} of the case's messages
 * @param routeHash the snapshot {@code route_hash} of the decision, or null in tokens-only mode
 * @param status the outcome
 * @param reason why the case failed (the first failing check), or, in report-only mode, the check that would
 *     have failed; null when every check passed
 */
public record CaseResult(PromptEvalCase evalCase, CaseRoute route, String transcriptHash, String routeHash,
                         CaseStatus status, String reason) {

    /** Validates the required fields. */
    public CaseResult {
        Objects.requireNonNull(evalCase, "evalCase");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(transcriptHash, "transcriptHash");
        Objects.requireNonNull(status, "status");
    }

    /** The case id. */
    public String id() {
        return evalCase.id();
    }
}
