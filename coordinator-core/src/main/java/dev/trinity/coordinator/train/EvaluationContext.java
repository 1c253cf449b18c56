package dev.trinity.coordinator.train;

import dev.trinity.coordinator.eval.PromptEvalCase;
import dev.trinity.coordinator.loop.Router;
import dev.trinity.coordinator.route.RouteDecision;

/**
 * What an evaluator sees of one case under one candidate router.
 *
 * @param trainingCase the case: conversation, expected agent and role, tags
 * @param route the candidate router's decision for the case's conversation
 * @param router the candidate router itself, for evaluators that run the loop
 */
public record EvaluationContext(PromptEvalCase trainingCase, RouteDecision route, Router router) {
}
