package dev.trinity.coordinator.eval;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The outcome of a prompt-eval run.
 *
 * @param results one result per case, in the order evaluated
 * @param mismatches determinism mismatches, by run then case order
 * @param options the options the run used
 */
public record PromptEvalReport(List<CaseResult> results, List<DeterminismMismatch> mismatches,
                               PromptEvalOptions options) {

    /** Copies the lists. */
    public PromptEvalReport {
        results = List.copyOf(results);
        mismatches = List.copyOf(mismatches);
    }

    /** Cases that passed (PASS or REPORT ONLY). */
    public int passedCount() {
        return (int) results.stream().filter(r -> r.status().passed()).count();
    }

    /** Cases that failed a check. */
    public int failedCount() {
        return results.size() - passedCount();
    }

    /** The ids that failed: failed cases first, then determinism mismatches, each id once. */
    public List<String> failedIds() {
        Set<String> ids = new LinkedHashSet<>();
        results.stream().filter(r -> !r.status().passed()).forEach(r -> ids.add(r.id()));
        mismatches.forEach(m -> ids.add(m.caseId()));
        return List.copyOf(ids);
    }

    /** Whether every case passed and every determinism run reproduced the first. */
    public boolean passed() {
        return failedIds().isEmpty();
    }

    /** How often each role id was selected, sorted by id (empty in tokens-only mode). */
    public Map<Integer, Integer> rolesSelected() {
        Map<Integer, Integer> counts = new TreeMap<>();
        results.stream().filter(r -> r.route().decision() != null)
                .forEach(r -> counts.merge(r.route().decision().roleId(), 1, Integer::sum));
        return counts;
    }

    /** How often each agent slot was selected, sorted by slot (empty in tokens-only mode). */
    public Map<Integer, Integer> agentSlotsSelected() {
        Map<Integer, Integer> counts = new TreeMap<>();
        results.stream().filter(r -> r.route().decision() != null)
                .forEach(r -> counts.merge(r.route().decision().agentId(), 1, Integer::sum));
        return counts;
    }

    /**
     * The snapshot of the first run, as {@code --snapshot-out} writes it.
     *
     * @param generatedAt the time stamp to record
     * @return the snapshot
     * @throws IllegalStateException in tokens-only mode, which has no decisions to record
     */
    public PromptEvalSnapshot toSnapshot(Instant generatedAt) {
        return new PromptEvalSnapshot(PromptEvalSnapshot.timestamp(generatedAt),
                results.stream().map(PromptEvalReport::snapshotCase).toList());
    }

    private static SnapshotCase snapshotCase(CaseResult result) {
        var decision = result.route().decision();
        if (decision == null) {
            throw new IllegalStateException("a tokens-only run has no decisions to write into a snapshot");
        }
        return new SnapshotCase(result.id(), decision.agentId(), decision.roleId(),
                PromptEval.rounded(decision.agentLogits()), PromptEval.rounded(decision.roleLogits()),
                decision.agentMargin(), decision.roleMargin(), result.routeHash(), result.route().tokenCount(),
                result.transcriptHash());
    }
}
