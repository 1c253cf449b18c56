package dev.trinity.coordinator.cli.run;

import dev.trinity.coordinator.budget.BudgetKind;
import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.loop.FailureKind;
import dev.trinity.coordinator.loop.RunEvent;
import dev.trinity.coordinator.loop.RunListener;
import dev.trinity.coordinator.loop.RunResult;
import dev.trinity.coordinator.loop.Termination;
import dev.trinity.coordinator.loop.TurnRecord;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.role.VerifierStatus;
import dev.trinity.coordinator.trace.Redactor;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints {@code coordinator run} as it goes: one line per turn (slot, role, provider, latency, and what the turn
 * did: the Thinker's suggestion, the Verifier's verdict) with the start of the reply under it, then the result, the
 * Verifier's verdict and a termination that says why the run ended. Everything printed is redacted like the trace.
 */
final class RunReport implements RunListener {

    private static final int SNIPPET = 110;

    private final PrintWriter out;
    private final Redactor redactor;
    private int revisions;

    RunReport(PrintWriter out, AgentPool pool) {
        this.out = out;
        this.redactor = new Redactor(pool.secretValues()); // the console hides what the trace hides
    }

    @Override
    public void onTurnCompleted(RunEvent.TurnCompleted event) {
        TurnRecord turn = event.record();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "turn %d  agent %d (%s)  %-8s %s/%s  %d ms",
                turn.turn(), turn.agentId(), turn.agentLabel(), turn.role().displayName(), turn.provider().wireName(),
                turn.model(), turn.latencyMs()));
        if (turn.role() == AgentRole.VERIFIER) {
            line.append("  ").append(verdict(turn.verifierStatus()));
            if (!turn.accepted()) {
                revisions++;
            }
        } else if (turn.role() == AgentRole.THINKER) {
            line.append(turn.suggestedRole() == null ? "  no suggestion"
                    : "  suggests " + turn.suggestedRole().displayName());
        }
        if (turn.overrideFromThinker()) {
            line.append("  (role suggested by the Thinker; the router picked ").append(turn.route().roleName())
                    .append(')');
        }
        out.println(line);
        out.println("        " + snippet(turn.responseText()));
        out.flush();
    }

    private static String verdict(VerifierStatus status) {
        return switch (status) {
            case ACCEPTED -> "ACCEPT";
            case REVISED -> "REVISE";
            default -> "no verdict (counts as REVISE)";
        };
    }

    /** The reply's first line, redacted and cut to one console line. */
    private String snippet(String text) {
        String first = redactor.redactText(text).strip().lines().findFirst().orElse("");
        return first.length() <= SNIPPET ? first : first.substring(0, SNIPPET - 1) + "…";
    }

    /** Prints the result; returns 0 or throws the failure line. */
    int finish(RunResult result, int maxTurns) {
        if (result instanceof RunResult.Success success) {
            for (String warning : success.warnings()) {
                out.println("warning: " + redactor.redactText(warning));
            }
            if (success.usage().dispatches() == 0) {
                throw CliFailure.failed("no provider was called; the run ended before any dispatch");
            }
            boolean accepted = success.termination() == Termination.ACCEPTED;
            out.println();
            out.println("result: " + redactor.redactText(accepted && success.latestWorkerResponse() != null
                    ? success.latestWorkerResponse() : success.text()));
            if (accepted) {
                out.println("verifier: " + redactor.redactText(success.text()));
            }
            int turns = success.turns().size();
            String why = accepted
                    ? "the Verifier accepted the latest answer at turn " + (turns - 1)
                            + (revisions == 0 ? "" : ", after " + revisions + " revision(s)")
                    : "the turn cap (--max-turns " + maxTurns + ") came before a Verifier accepted an answer; the "
                            + "result is the latest Worker answer";
            out.println("termination: " + success.termination().wireName() + ": " + why + "; " + turns
                    + " turn(s), " + success.usage().providerCalls() + " provider call(s)"
                    + (success.usage().estimatedCostUsd() > 0 ? String.format(Locale.ROOT, ", estimated cost $%.6f",
                    success.usage().estimatedCostUsd()) : ""));
            out.println("coordinator run: PASS");
            out.flush();
            return 0;
        }
        RunResult.Failure failure = (RunResult.Failure) result;
        throw CliFailure.failed("run " + failure.runId() + " failed: " + redactor.redactText(failure.describe())
                + hint(failure));
    }

    /** What to do, with the flag to change. */
    private static String hint(RunResult.Failure failure) {
        if (failure.kind() == FailureKind.BUDGET_EXCEEDED) {
            // run's budget flags are the limits' names: max_provider_calls is --max-provider-calls
            String flag = BudgetKind.ofWireName(String.valueOf(failure.details().get("budget")))
                    .map(k -> "--" + k.limitName().replace('_', '-')).orElse("the limit");
            return "; raise " + flag + " or shrink the loop";
        }
        return hint(failure.kind());
    }

    private static String hint(FailureKind kind) {
        switch (kind) {
            case VERIFIER_BEFORE_WORKER_RESPONSE:
                return "; the router chose the Verifier before any answer; re-prompt with a task for a Worker";
            case MAX_TURNS_REACHED:
                return "; no Worker answered; raise --max-turns or inspect the trace";
            case PROVIDER_AUTHENTICATION_FAILED:
                return "; check the API key variable the pool names";
            default:
                return "";
        }
    }
}
