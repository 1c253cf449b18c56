package dev.trinity.coordinator.cli;

import dev.trinity.coordinator.loop.RunResult;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.trace.EventType;
import dev.trinity.coordinator.trace.Redactor;
import dev.trinity.coordinator.trace.TraceEvent;
import dev.trinity.coordinator.trace.TraceListener;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints the per-turn summary of {@code coordinator run} from the (redacted) trace, then the verdict. */
final class RunReport implements TraceListener {

    private final PrintWriter out;
    private final AgentPool pool;
    private final Redactor redactor;
    private boolean dispatched;

    RunReport(PrintWriter out, AgentPool pool) {
        this.out = out;
        this.pool = pool;
        this.redactor = new Redactor(pool.secretValues()); // the console hides what the trace hides
    }

    @Override
    public void onEvent(TraceEvent event) {
        if (event.type() == EventType.PROVIDER_CALLED && !"started".equals(event.get("status"))) {
            dispatched = true;
        }
        if (event.type() != EventType.TURN_COMPLETED) {
            return;
        }
        int agent = ((Number) event.get("selected_agent")).intValue();
        String label = pool.slot(agent).map(s -> s.spec().label()).orElse("?");
        String role = String.valueOf(event.get("selected_role"));
        String verdict = "Verifier".equals(role) ? String.valueOf(event.get("verifier_parse_status")) : "-";
        String override = Boolean.TRUE.equals(event.get("role_override_from_thinker")) ? " (Thinker suggestion)" : "";
        out.println(String.format(Locale.ROOT, "turn %s  agent %d (%s)  %-8s %s/%s  %s ms  verdict %s%s",
                event.get("turn"), agent, label, role, event.get("provider"), event.get("provider_model"),
                event.get("provider_latency_ms"), verdict, override));
        out.flush();
    }

    /** Prints the result; returns 0 or throws the failure line. */
    int finish(RunResult result) {
        if (result instanceof RunResult.Success success) {
            for (String warning : success.warnings()) {
                out.println("warning: " + redactor.redactText(warning));
            }
            out.println("result: " + redactor.redactText(success.text()));
            out.println("termination: " + success.termination().wireName() + " after " + success.turns().size()
                    + " turn(s), " + success.usage().providerCalls() + " provider call(s)"
                    + (success.usage().estimatedCostUsd() > 0 ? String.format(Locale.ROOT, ", estimated cost $%.6f",
                    success.usage().estimatedCostUsd()) : ""));
            if (!dispatched) {
                throw CliFailure.failed("no provider was called; the run ended before any dispatch");
            }
            out.println("coordinator run: PASS");
            out.flush();
            return 0;
        }
        RunResult.Failure failure = (RunResult.Failure) result;
        throw CliFailure.failed("run " + failure.runId() + " failed: " + redactor.redactText(failure.describe())
                + hint(failure.kind()));
    }

    private static String hint(String kind) {
        switch (kind) {
            case "budget_exceeded":
                return " (raise the limit or shrink the loop)";
            case "verifier_before_worker_response":
                return " (the router chose the Verifier before any answer; re-prompt with a task for a Worker)";
            case "max_turns_reached":
                return " (no Worker answered; raise --max-turns or inspect the trace)";
            case "provider_authentication_failed":
                return " (check the API key variable the pool names)";
            default:
                return "";
        }
    }
}
