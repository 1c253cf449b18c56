package dev.trinity.coordinator.metrics;

import dev.trinity.coordinator.trace.TraceEvent;
import dev.trinity.coordinator.trace.TraceListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;

/**
 * Publishes coordinator metrics from trace events: add it as an orchestrator listener and bind it to a registry.
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
 *   <li>{@code coordinator.turns} (counter): completed turns by {@code role} and {@code verifier_status}</li>
 *   <li>{@code coordinator.budget.aborts} (counter): by budget {@code kind}</li>
 *   <li>{@code coordinator.runs} (counter): by {@code status} (accepted, max_turns_latest_worker_response,
 *       failed) and {@code reason} (failure kind or {@code none})</li>
 *   <li>{@code coordinator.run.turns} (summary): turns executed per run</li>
 * </ul>
 * Thread-safe; events that arrive before {@link #bindTo(MeterRegistry)} are not counted.
 */
public final class CoordinatorMetrics implements MeterBinder, TraceListener {

    private volatile MeterRegistry registry;

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onEvent(TraceEvent event) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        switch (event.type()) {
            case ROUTE_SELECTED:
                Timer.builder("coordinator.route.duration").description("Routing time per turn")
                        .tag("role", text(event.get("selected_role"))).register(r)
                        .record(Duration.ofNanos(Math.round(number(event.get("route_latency_ms")) * 1e6)));
                break;
            case PROVIDER_CALLED:
                providerCalled(r, event);
                break;
            case TURN_COMPLETED:
                Counter.builder("coordinator.turns").description("Completed turns")
                        .tag("role", text(event.get("selected_role")))
                        .tag("verifier_status", text(event.get("verifier_status"))).register(r).increment();
                break;
            case RUN_COMPLETED:
                runEnded(r, text(event.get("final_status")), "none", event);
                break;
            case RUN_FAILED:
                Object reason = event.get("reason");
                String kind = reason instanceof List<?> list && list.size() == 2 ? text(list.get(0)) : text(reason);
                if (reason instanceof List<?> list && list.size() == 2) {
                    Counter.builder("coordinator.budget.aborts").description("Runs aborted by a budget")
                            .tag("kind", text(list.get(1))).register(r).increment();
                }
                runEnded(r, "failed", kind, event);
                break;
            default:
                break;
        }
    }

    private static void providerCalled(MeterRegistry r, TraceEvent event) {
        String status = text(event.get("status"));
        if (status.equals("started")) {
            return;
        }
        String provider = text(event.get("provider"));
        String model = text(event.get("provider_model"));
        boolean ok = status.equals("ok");
        Timer.builder("gen_ai.client.operation.duration").description("Provider dispatch duration, retries included")
                .tag("gen_ai.operation.name", "chat").tag("gen_ai.provider.name", provider)
                .tag("gen_ai.request.model", model).tag("outcome", ok ? "ok" : "error")
                .tag("error.type", ok ? "none" : text(event.get("error"))).register(r)
                .record(Duration.ofMillis((long) number(event.get("provider_latency_ms"))));
        Counter.builder("coordinator.provider.attempts").description("HTTP attempts, retries included")
                .tag("gen_ai.provider.name", provider).tag("gen_ai.request.model", model).register(r)
                .increment(number(event.get("attempts")));
        tokens(r, provider, model, "input", event.get("usage_input_tokens"));
        tokens(r, provider, model, "output", event.get("usage_output_tokens"));
    }

    private static void tokens(MeterRegistry r, String provider, String model, String type, Object value) {
        if (value instanceof Number n) {
            DistributionSummary.builder("gen_ai.client.token.usage").baseUnit("tokens")
                    .description("Tokens per dispatch").tag("gen_ai.token.type", type)
                    .tag("gen_ai.provider.name", provider).tag("gen_ai.request.model", model).register(r)
                    .record(n.doubleValue());
        }
    }

    private static void runEnded(MeterRegistry r, String status, String reason, TraceEvent event) {
        Counter.builder("coordinator.runs").description("Finished runs").tag("status", status).tag("reason", reason)
                .register(r).increment();
        DistributionSummary.builder("coordinator.run.turns").description("Turns executed per run").baseUnit("turns")
                .register(r).record(number(event.get("turns_executed")));
    }

    private static String text(Object value) {
        return value == null ? "none" : String.valueOf(value);
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0.0;
    }
}
