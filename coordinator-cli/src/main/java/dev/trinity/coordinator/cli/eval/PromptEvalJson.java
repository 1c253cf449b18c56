package dev.trinity.coordinator.cli.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.eval.CaseResult;
import dev.trinity.coordinator.eval.DeterminismMismatch;
import dev.trinity.coordinator.eval.PromptEvalOptions;
import dev.trinity.coordinator.eval.PromptEvalReport;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.route.RouteDecision;
import java.nio.file.Path;
import java.util.Locale;

/** Renders the {@code prompt-eval --json} report: one pretty-printed JSON object. */
final class PromptEvalJson {

    private PromptEvalJson() {
    }

    /**
     * The report as one JSON object.
     *
     * @param tokensOnly whether the run checked tokenization only
     * @param snapshotFile the {@code --snapshot} file, or null
     */
    static String render(PromptEvalReport report, PromptEvalRouterInfo info, boolean tokensOnly, Path snapshotFile) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        PromptEvalOptions options = report.options();
        root.put("result", report.passed() ? "PASS" : "FAIL");
        root.put("mode", tokensOnly ? "tokens_only" : options.assertChecks() ? "strict" : "report_only");
        root.put("router", info.router());
        root.put(tokensOnly ? "tokenizer" : "model", info.model());
        root.put("cases_file", info.casesFile());
        root.put("snapshot", snapshotFile == null ? null : snapshotFile.toString());
        root.put("batch_size", options.batchSize());
        root.put("determinism_runs", options.determinismRuns());
        if (!tokensOnly) {
            root.put("min_agent_margin", options.minAgentMargin());
            root.put("min_role_margin", options.minRoleMargin());
        }
        root.put("passed", report.passedCount());
        root.put("failed", report.failedCount());
        ArrayNode failed = root.putArray("failed_ids");
        report.failedIds().forEach(failed::add);
        ObjectNode roles = root.putObject("roles_selected");
        report.rolesSelected().forEach((id, n) -> roles.put(AgentRole.nameOf(id), n));
        ObjectNode agents = root.putObject("agent_slots_selected");
        report.agentSlotsSelected().forEach((id, n) -> agents.put(String.valueOf(id), n));
        ArrayNode mismatches = root.putArray("determinism_mismatches");
        for (DeterminismMismatch m : report.mismatches()) {
            mismatches.addObject().put("id", m.caseId()).put("run", m.run()).put("first_route_hash",
                    m.firstRouteHash()).put("route_hash", m.routeHash());
        }
        ArrayNode list = root.putArray("cases");
        for (CaseResult result : report.results()) {
            addCase(list.addObject(), result);
        }
        return root.toPrettyString();
    }

    private static void addCase(ObjectNode node, CaseResult result) {
        node.put("id", result.id());
        node.put("status", result.status().name().toLowerCase(Locale.ROOT));
        node.put("reason", result.reason());
        node.put("token_count", result.route().tokenCount());
        node.put("transcript_hash", result.transcriptHash());
        RouteDecision decision = result.route().decision();
        if (decision != null) {
            node.putObject("expected").put("agent_id", result.evalCase().expectedAgentId())
                    .put("role_id", result.evalCase().expectedRoleId());
            node.put("agent_id", decision.agentId());
            node.put("role_id", decision.roleId());
            node.put("role_name", decision.roleName());
            node.put("agent_margin", decision.agentMargin());
            node.put("role_margin", decision.roleMargin());
            ArrayNode logits = node.putArray("logits");
            for (float v : decision.logits()) {
                logits.add(v);
            }
            node.put("hidden_index", result.route().hiddenIndex());
            node.put("route_hash", result.routeHash());
        }
    }
}
