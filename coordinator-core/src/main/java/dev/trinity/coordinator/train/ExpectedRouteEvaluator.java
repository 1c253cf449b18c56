package dev.trinity.coordinator.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinity.coordinator.eval.PromptEvalCase;
import dev.trinity.coordinator.route.RouteDecision;

/**
 * {@code expected-route}: 1 when the route has the case's expected agent and role, {@code agent_credit} (default
 * 0.5) for the agent alone, {@code role_credit} (default 0.5) for the role alone, 0 otherwise; passed only when both
 * are right.
 *
 * @param agentCredit the reward for the right agent with the wrong role
 * @param roleCredit the reward for the right role with the wrong agent
 */
public record ExpectedRouteEvaluator(double agentCredit, double roleCredit) implements Evaluator {

    /** The built-in id. */
    public static final String ID = "expected-route";

    /** Validates the credits. */
    public ExpectedRouteEvaluator {
        if (!(agentCredit >= 0 && agentCredit <= 1) || !(roleCredit >= 0 && roleCredit <= 1)) {
            throw new IllegalArgumentException("expected-route credits must be in [0, 1], got agent_credit "
                    + agentCredit + ", role_credit " + roleCredit);
        }
    }

    /** From its config: {@code {"agent_credit": 0.5, "role_credit": 0.5}}. */
    public static ExpectedRouteEvaluator of(JsonNode config) {
        return new ExpectedRouteEvaluator(config.path("agent_credit").asDouble(0.5),
                config.path("role_credit").asDouble(0.5));
    }

    @Override
    public Evaluation evaluate(EvaluationContext context) {
        return score(context.trainingCase(), context.route().agentId(), context.route().roleId());
    }

    /** The evaluation of a decision (the trainer's fast path, without a {@link RouteDecision}). */
    public Evaluation score(PromptEvalCase c, int agentId, int roleId) {
        boolean agent = agentId == c.expectedAgentId();
        boolean role = roleId == c.expectedRoleId();
        if (agent && role) {
            return new Evaluation(1.0, true, "agent and role right");
        }
        if (agent) {
            return new Evaluation(agentCredit, false, "role " + roleId + " instead of " + c.expectedRoleId());
        }
        if (role) {
            return new Evaluation(roleCredit, false, "agent " + agentId + " instead of " + c.expectedAgentId());
        }
        return new Evaluation(0.0, false, "agent " + agentId + " instead of " + c.expectedAgentId() + ", role "
                + roleId + " instead of " + c.expectedRoleId());
    }
}
