package dev.trinity.coordinator.cli.eval;

import dev.trinity.coordinator.conversation.Transcript;
import dev.trinity.coordinator.eval.CaseResult;
import dev.trinity.coordinator.eval.DeterminismMismatch;
import dev.trinity.coordinator.eval.PromptEvalOptions;
import dev.trinity.coordinator.eval.PromptEvalReport;
import dev.trinity.coordinator.hash.TraceHash;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.route.RouteDecision;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Prints the human {@code prompt-eval} report: the info block, one block per case, the summary, the snapshot-out
 * message and, when every case passed, {@code PASS prompt-eval}.
 */
final class PromptEvalText {

    private final boolean tokensOnly;
    private final boolean showLogits;
    private final boolean verbose;
    private final Path snapshotFile;
    private final Path snapshotOut;

    /**
     * The report's settings, as the command's flags give them.
     *
     * @param snapshotFile the {@code --snapshot} file, or null
     * @param snapshotOut the {@code --snapshot-out} file, or null
     */
    PromptEvalText(boolean tokensOnly, boolean showLogits, boolean verbose, Path snapshotFile, Path snapshotOut) {
        this.tokensOnly = tokensOnly;
        this.showLogits = showLogits;
        this.verbose = verbose;
        this.snapshotFile = snapshotFile;
        this.snapshotOut = snapshotOut;
    }

    /** Prints the whole report to {@code out}; does not flush. */
    void print(PrintWriter out, PromptEvalReport report, PromptEvalRouterInfo info) {
        PromptEvalOptions options = report.options();
        out.println();
        out.println("=== PROMPT EVAL ===");
        out.println("router: " + info.router());
        out.println((tokensOnly ? "tokenizer: " : "base router model: ") + info.model());
        if (info.headShape() != null) {
            out.println("router head shape: [" + info.headShape()[0] + ", " + info.headShape()[1] + "]");
        }
        out.println("assertion mode: " + (tokensOnly ? "tokens only" : options.assertChecks() ? "strict"
                : "report only"));
        if (!tokensOnly) {
            out.println("margin floors: agent " + floorText(options.minAgentMargin()) + ", role "
                    + floorText(options.minRoleMargin()));
        }
        out.println("cases file: " + info.casesFile());
        out.println("snapshot: " + (snapshotFile == null ? "none" : snapshotFile));
        out.println("cases: " + report.results().size() + " (batch size " + options.batchSize()
                + ", determinism runs " + options.determinismRuns() + ")");
        int index = 0;
        for (CaseResult result : report.results()) {
            printCase(out, result, ++index, report.results().size(), info);
        }
        for (DeterminismMismatch mismatch : report.mismatches()) {
            out.println("  determinism mismatch case=" + mismatch.caseId() + " run=" + mismatch.run());
        }
        out.println();
        out.println("Summary");
        out.println("  passed: " + report.passedCount());
        out.println("  failed: " + report.failedCount());
        if (tokensOnly) {
            out.println("  tokens-only: " + report.passedCount() + "/" + report.results().size()
                    + " cases match the snapshot's token_count and transcript_hash");
        } else {
            out.println("  roles selected: " + counts(report.rolesSelected(), true));
            out.println("  agent slots selected: " + counts(report.agentSlotsSelected(), false));
        }
        if (!report.mismatches().isEmpty()) {
            out.println("  determinism mismatches: " + report.mismatches().size());
        }
        if (snapshotOut != null) {
            out.println("Snapshot written: " + snapshotOut + " (" + report.results().size() + " cases)");
        }
        if (report.passed()) {
            out.println();
            out.println("PASS " + PromptEvalCommand.NAME);
        }
    }

    private void printCase(PrintWriter out, CaseResult result, int index, int total, PromptEvalRouterInfo info) {
        out.println();
        out.println("[" + index + "/" + total + "] " + result.id() + " - " + result.status().label());
        if (result.reason() != null) {
            out.println((result.status().passed() ? "Would fail: " : "Reason: ") + result.reason());
        }
        out.println("Prompt sent to router:");
        Transcript.format(result.evalCase().messages()).lines().forEach(line -> out.println("  " + line));
        RouteDecision decision = result.route().decision();
        if (decision != null) {
            out.println("Expected route:");
            printRoute(out, result.evalCase().expectedAgentId(), result.evalCase().expectedRoleId(), info);
            out.println("Router returned:");
            printRoute(out, decision.agentId(), decision.roleId(), info);
        }
        out.println("Router input tokens: " + result.route().tokenCount());
        if (tokensOnly) {
            out.println("transcript_hash: " + result.transcriptHash());
        }
        if (showLogits && decision != null) {
            out.println("      agent_logits: " + fixed(decision.agentLogits()));
            out.println("      role_logits: " + fixed(decision.roleLogits()));
        }
        if (verbose) {
            out.println("Debug:");
            out.println("  hidden_index: " + result.route().hiddenIndex());
            out.println("  transcript_hash (trace): " + TraceHash.messages(result.evalCase().messages()));
            out.println("  transcript_hash (snapshot): " + result.transcriptHash());
            if (decision != null) {
                out.println("  route_hash: " + result.routeHash());
                out.println(String.format(Locale.ROOT, "  margins: agent %.5f, role %.5f", decision.agentMargin(),
                        decision.roleMargin()));
            }
        }
    }

    private static void printRoute(PrintWriter out, int agent, int role, PromptEvalRouterInfo info) {
        out.println("  agent " + agent + ": " + info.label(agent));
        out.println("  role  " + role + ": " + AgentRole.nameOf(role));
    }

    private static String counts(Map<Integer, Integer> counts, boolean roles) {
        StringJoiner joined = new StringJoiner(", ");
        counts.forEach((id, n) -> joined.add((roles ? AgentRole.nameOf(id) : String.valueOf(id)) + "=" + n));
        return joined.toString();
    }

    private static String floorText(Double floor) {
        return floor == null ? "none" : floor.toString();
    }

    private static String fixed(float[] values) {
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        for (float v : values) {
            joined.add(String.format(Locale.ROOT, "%.5f", v));
        }
        return joined.toString();
    }
}
