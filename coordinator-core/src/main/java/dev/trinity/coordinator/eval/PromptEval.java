package dev.trinity.coordinator.eval;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.hash.SnapshotHashes;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.route.RouteDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs prompt-eval: routes every case, checks it, and re-routes for determinism (spec §6.3, §6.7).
 *
 * <p>Per case, the first failing check, in this order, fails it:
 * <ol>
 *   <li>the decision equals {@code expected} (agent and role);</li>
 *   <li>agent margin &gt;= the agent floor (when one is set);</li>
 *   <li>role margin &gt;= the role floor (when one is set);</li>
 *   <li>when the snapshot has the case: {@code agent_id}, {@code role_id}, {@code token_count} and
 *       {@code transcript_hash} equal the snapshot's. Logits, margins and {@code route_hash} are not compared
 *       with the snapshot.</li>
 * </ol>
 * In tokens-only mode only check 4's {@code token_count} and {@code transcript_hash} apply, and a case the snapshot
 * lacks fails. With N determinism runs every case is routed N-1 more times in the same batches and each
 * {@code route_hash} must equal the first run's.
 *
 * <pre>{@code
 * PromptEvalReport report = PromptEval.run(cases.cases(), router, PromptEvalOptions.builder()
 *         .snapshot(PromptEvalSnapshot.read(file)).determinismRuns(2).build(), PromptEvalListener.NONE);
 * if (!report.passed()) { ... report.failedIds() ... }
 * }</pre>
 */
public final class PromptEval {

    private static final int LOGIT_DECIMALS = 6;

    private PromptEval() {
    }

    /**
     * Evaluates cases.
     *
     * @param cases the cases to run, in order
     * @param router routes batches of conversations
     * @param options floors, assert mode, runs, snapshot, batch size
     * @param listener progress
     * @return the report
     * @throws IllegalStateException when the router returns the wrong number of results, or no decision outside
     *     tokens-only mode
     */
    public static PromptEvalReport run(List<PromptEvalCase> cases, CaseRouter router, PromptEvalOptions options,
                                       PromptEvalListener listener) {
        Objects.requireNonNull(cases, "cases");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        int runs = options.determinismRuns();
        List<CaseRoute> first = routeAll(cases, router, options, listener, 1, runs);
        List<CaseResult> results = new ArrayList<>(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            results.add(check(cases.get(i), first.get(i), options));
        }
        List<DeterminismMismatch> mismatches = new ArrayList<>();
        for (int run = 2; run <= runs; run++) {
            List<CaseRoute> again = routeAll(cases, router, options, listener, run, runs);
            for (int i = 0; i < cases.size(); i++) {
                String expected = results.get(i).routeHash();
                String actual = routeHash(again.get(i).decision());
                if (!expected.equals(actual)) {
                    mismatches.add(new DeterminismMismatch(cases.get(i).id(), run, expected, actual));
                }
            }
        }
        return new PromptEvalReport(results, mismatches, options);
    }

    private static List<CaseRoute> routeAll(List<PromptEvalCase> cases, CaseRouter router, PromptEvalOptions options,
                                            PromptEvalListener listener, int run, int runs) {
        List<CaseRoute> routes = new ArrayList<>(cases.size());
        router.startPass();
        for (int start = 0; start < cases.size(); start += options.batchSize()) {
            List<PromptEvalCase> batch = cases.subList(start, Math.min(cases.size(), start + options.batchSize()));
            List<List<Message>> conversations = batch.stream().map(PromptEvalCase::messages).toList();
            List<CaseRoute> routed = router.route(conversations);
            if (routed == null || routed.size() != batch.size()) {
                throw new IllegalStateException("the router returned " + (routed == null ? "nothing" : routed.size()
                        + " results") + " for " + batch.size() + " conversations");
            }
            for (int i = 0; i < routed.size(); i++) {
                if (!options.tokensOnly() && routed.get(i).decision() == null) {
                    throw new IllegalStateException("the router returned no decision for case "
                            + batch.get(i).id() + "; only tokens-only mode may omit decisions");
                }
            }
            routes.addAll(routed);
            listener.routed(run, runs, routes.size(), cases.size());
        }
        return routes;
    }

    private static CaseResult check(PromptEvalCase evalCase, CaseRoute route, PromptEvalOptions options) {
        String transcriptHash = SnapshotHashes.transcriptHash(evalCase.messages());
        RouteDecision decision = route.decision();
        String routeHash = decision == null ? null : routeHash(decision);
        Optional<SnapshotCase> snapshot = options.snapshot() == null ? Optional.empty()
                : options.snapshot().find(evalCase.id());
        String reason = options.tokensOnly()
                ? tokenChecks(route, transcriptHash, snapshot)
                : decisionChecks(evalCase, route, transcriptHash, snapshot, options);
        CaseStatus status = !options.assertChecks() ? CaseStatus.REPORT_ONLY
                : reason == null ? CaseStatus.PASS : CaseStatus.FAIL;
        return new CaseResult(evalCase, route, transcriptHash, routeHash, status, reason);
    }

    private static String decisionChecks(PromptEvalCase evalCase, CaseRoute route, String transcriptHash,
                                         Optional<SnapshotCase> snapshot, PromptEvalOptions options) {
        RouteDecision decision = route.decision();
        if (decision.agentId() != evalCase.expectedAgentId() || decision.roleId() != evalCase.expectedRoleId()) {
            return "expected agent " + evalCase.expectedAgentId() + " role " + evalCase.expectedRoleId() + " ("
                    + AgentRole.nameOf(evalCase.expectedRoleId()) + "), router returned agent " + decision.agentId()
                    + " role " + decision.roleId() + " (" + decision.roleName() + ")";
        }
        if (options.minAgentMargin() != null && decision.agentMargin() < options.minAgentMargin()) {
            return "agent margin " + fixed(decision.agentMargin()) + " is below the floor "
                    + options.minAgentMargin() + " (--min-agent-margin)";
        }
        if (options.minRoleMargin() != null && decision.roleMargin() < options.minRoleMargin()) {
            return "role margin " + fixed(decision.roleMargin()) + " is below the floor "
                    + options.minRoleMargin() + " (--min-role-margin)";
        }
        if (snapshot.isPresent()) {
            SnapshotCase s = snapshot.get();
            if (s.agentId() != decision.agentId()) {
                return "snapshot agent_id " + s.agentId() + ", router returned " + decision.agentId();
            }
            if (s.roleId() != decision.roleId()) {
                return "snapshot role_id " + s.roleId() + ", router returned " + decision.roleId();
            }
            return tokenChecks(route, transcriptHash, snapshot);
        }
        return null;
    }

    private static String tokenChecks(CaseRoute route, String transcriptHash, Optional<SnapshotCase> snapshot) {
        if (snapshot.isEmpty()) {
            return "the snapshot has no case with this id";
        }
        SnapshotCase s = snapshot.get();
        if (s.tokenCount() != route.tokenCount()) {
            return "snapshot token_count " + s.tokenCount() + ", tokenizer gave " + route.tokenCount();
        }
        if (!s.transcriptHash().equals(transcriptHash)) {
            return "snapshot transcript_hash " + s.transcriptHash() + ", computed " + transcriptHash;
        }
        return null;
    }

    /** The snapshot {@code route_hash} of a decision. */
    static String routeHash(RouteDecision decision) {
        return SnapshotHashes.routeHash(decision.agentId(), decision.roleId(), decision.logits());
    }

    /** Logits rounded to 6 decimals as the snapshot records them. */
    static double[] rounded(float[] logits) {
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = SnapshotHashes.round(logits[i], LOGIT_DECIMALS);
        }
        return out;
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.5f", value);
    }
}
