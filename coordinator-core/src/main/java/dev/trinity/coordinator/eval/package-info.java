/**
 * Prompt-eval: routes a fixed set of conversations, checks each decision against its expectation, the margin floors
 * and a determinism snapshot, and re-routes to check that routes are stable within one process.
 *
 * <p>The logic is independent of the model: {@link dev.trinity.coordinator.eval.PromptEval} takes a
 * {@link dev.trinity.coordinator.eval.CaseRouter}, so tests can use a fake one and the CLI plugs in the Qwen3 router.
 * Semantics follow the reference's {@code qwen_router_prompt_eval.exs} (spec §6).
 */
package dev.trinity.coordinator.eval;
