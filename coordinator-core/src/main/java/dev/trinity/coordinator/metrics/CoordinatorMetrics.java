package dev.trinity.coordinator.metrics;

import dev.trinity.coordinator.loop.RunEvent;
import dev.trinity.coordinator.loop.RunListener;
import dev.trinity.coordinator.loop.RunResult;
import dev.trinity.coordinator.pool.BoundSlot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;

/**
 * Publishes coordinator metrics from run events: add it as an orchestrator listener and bind it to a registry.
 *
 * <p>Meters (tags are bounded: provider kinds, pool models, roles, statuses, kinds; never run ids or text):
 * <ul>
 *   <li>{@code gen_ai.client.operation.duration} (timer): one per dispatch; {@code gen_ai.operation.name=chat},
 *       {@code gen_ai.provider.name}, {@code gen_ai.request.model}, {@code outcome} ok|error,
 *       {@code error.type} (failure kind or {@code none})</li>
 *   <li>{@code gen_ai.client.token.usage} (summary, tokens): {@code gen_ai.token.type} input|output, provider,
 *       model; only when the provider reports usage</li>
 *   <li>{@code coordinator.provider.attempts} (counter): HTTP attempts, retries included; provider, model</li>
 *   <li>{@code coordinator.route.duration} (timer): routing (extraction + head) per turn</li>
 *   <li>{@code coordinator.turns} (counter): completed turns by {@code role} and {@code verifier_status}
 *       ({@code accepted}/{@code revised} on Verifier turns, {@code none} on others)</li>
 *   <li>{@code coordinator.budget.aborts} (counter): by budget {@code kind}</li>
 *   <li>{@code coordinator.runs} (counter): by {@code status} (accepted, max_turns_latest_worker_response,
 *       failed) and {@code reason} (failure kind or {@code none})</li>
 *   <li>{@code coordinator.run.turns} (summary): turns executed per run</li>
 * </ul>
 * Thread-safe; events that arrive before {@link #bindTo(MeterRegistry)} are not counted.
 */
public final class CoordinatorMetrics implements MeterBinder, RunListener {

    private volatile MeterRegistry registry;

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onRouteSelected(RunEvent.RouteSelected event) {
        MeterRegistry r = registry;
        if (r != null) {
            Timer.builder("coordinator.route.duration").description("Routing time per turn")
                    .tag("role", event.role().displayName()).register(r)
                    .record(Duration.ofNanos(Math.round(event.routeLatencyMs() * 1e6)));
        }
    }

    @Override
    public void onProviderCallSucceeded(RunEvent.ProviderCallSucceeded event) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        dispatched(r, event.slot(), "ok", "none", event.latencyMs(), event.attempts());
        String provider = event.slot().provider().kind().wireName();
        String model = event.slot().spec().model();
        tokens(r, provider, model, "input", event.response().inputTokens());
        tokens(r, provider, model, "output", event.response().outputTokens());
    }

    @Override
    public void onProviderCallFailed(RunEvent.ProviderCallFailed event) {
        MeterRegistry r = registry;
        if (r != null) {
            dispatched(r, event.slot(), "error", event.error().kind().wireName(), event.latencyMs(),
                    event.attempts());
        }
    }

    @Override
    public void onTurnCompleted(RunEvent.TurnCompleted event) {
        MeterRegistry r = registry;
        if (r != null) {
            Counter.builder("coordinator.turns").description("Completed turns")
                    .tag("role", event.record().role().displayName())
                    .tag("verifier_status", verifierTag(event)).register(r).increment();
        }
    }

    /** A Verifier turn's accepted/revised; {@code none} for other roles (the trace's reference field says revised). */
    private static String verifierTag(RunEvent.TurnCompleted event) {
        return event.record().verdict().map(status -> status.safe().wireName()).orElse("none");
    }

    @Override
    public void onBudgetExceeded(RunEvent.BudgetExceeded event) {
        MeterRegistry r = registry;
        if (r != null) {
            Counter.builder("coordinator.budget.aborts").description("Runs aborted by a budget")
                    .tag("kind", event.exceeded().kind().wireName()).register(r).increment();
        }
    }

    @Override
    public void onRunCompleted(RunEvent.RunCompleted event) {
        MeterRegistry r = registry;
        if (r != null) {
            runEnded(r, event.result().termination().wireName(), "none", event.result());
        }
    }

    @Override
    public void onRunFailed(RunEvent.RunFailed event) {
        MeterRegistry r = registry;
        if (r != null) {
            runEnded(r, "failed", event.result().kind().wireName(), event.result());
        }
    }

    private static void dispatched(MeterRegistry r, BoundSlot slot, String outcome, String errorType,
                                   long latencyMs, int attempts) {
        String provider = slot.provider().kind().wireName();
        String model = slot.spec().model();
        Timer.builder("gen_ai.client.operation.duration").description("Provider dispatch duration, retries included")
                .tag("gen_ai.operation.name", "chat").tag("gen_ai.provider.name", provider)
                .tag("gen_ai.request.model", model).tag("outcome", outcome).tag("error.type", errorType).register(r)
                .record(Duration.ofMillis(latencyMs));
        Counter.builder("coordinator.provider.attempts").description("HTTP attempts, retries included")
                .tag("gen_ai.provider.name", provider).tag("gen_ai.request.model", model).register(r)
                .increment(attempts);
    }

    private static void tokens(MeterRegistry r, String provider, String model, String type, Integer value) {
        if (value != null) {
            DistributionSummary.builder("gen_ai.client.token.usage").baseUnit("tokens")
                    .description("Tokens per dispatch").tag("gen_ai.token.type", type)
                    .tag("gen_ai.provider.name", provider).tag("gen_ai.request.model", model).register(r)
                    .record(value);
        }
    }

    private static void runEnded(MeterRegistry r, String status, String reason, RunResult result) {
        Counter.builder("coordinator.runs").description("Finished runs").tag("status", status).tag("reason", reason)
                .register(r).increment();
        DistributionSummary.builder("coordinator.run.turns").description("Turns executed per run").baseUnit("turns")
                .register(r).record(result.turns().size());
    }
}
