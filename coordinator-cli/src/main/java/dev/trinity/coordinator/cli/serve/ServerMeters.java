package dev.trinity.coordinator.cli.serve;

import dev.trinity.coordinator.qwen3.Qwen3Model;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** The server's own meters: the HTTP timer (bounded tags) and the shared prefix cache. */
final class ServerMeters {

    /** The route templates, for the bounded {@code uri} tag of the HTTP timer. */
    private static final List<String> TEMPLATES = List.of("/healthz", "/readyz", "/metrics", "/v1/route", "/v1/runs",
            "/api/workflows/{workflow_id}/agentensor/checkpoints",
            "/api/workflows/{workflow_id}/agentensor/checkpoints/{checkpoint_id}", "/ws/workflow/{workflow_id}");
    private static final List<Pattern> TEMPLATE_PATTERNS = TEMPLATES.stream()
            .map(t -> Pattern.compile(t.replaceAll("\\{[a-z_]+}", "[^/]+"))).toList();

    private ServerMeters() {
    }

    /** Records one request: {@code http.server.requests} by method, route template, status and outcome. */
    static void request(MeterRegistry registry, String method, String path, int status, long nanos) {
        Timer.builder("http.server.requests").description("HTTP requests of coordinator serve")
                .tag("method", method).tag("uri", template(path)).tag("status", Integer.toString(status))
                .tag("outcome", outcome(status)).register(registry).record(Duration.ofNanos(nanos));
    }

    /** The engine's prefix cache, shared by every request: its memory, and the tokens it saved. */
    static void prefixCache(MeterRegistry registry, Qwen3Model model) {
        Gauge.builder("coordinator.serve.prefix.cache.capacity", model, m -> m.prefixCacheStats().capacityBytes())
                .baseUnit("bytes").description("The prefix cache's memory budget (0: off)").register(registry);
        Gauge.builder("coordinator.serve.prefix.cache.used", model, m -> m.prefixCacheStats().usedBytes())
                .baseUnit("bytes").description("Memory the prefix cache holds now").register(registry);
        FunctionCounter.builder("coordinator.serve.prefix.cache.reused", model,
                        m -> m.prefixCacheStats().reusedTokens()).baseUnit("tokens")
                .description("Tokens taken from the prefix cache instead of being computed").register(registry);
        FunctionCounter.builder("coordinator.serve.prefix.cache.computed", model,
                        m -> m.prefixCacheStats().computedTokens()).baseUnit("tokens")
                .description("Tokens computed by forwards that looked in the prefix cache").register(registry);
    }

    private static String template(String path) {
        for (int i = 0; i < TEMPLATES.size(); i++) {
            if (TEMPLATE_PATTERNS.get(i).matcher(path).matches()) {
                return TEMPLATES.get(i);
            }
        }
        return "NOT_FOUND";
    }

    private static String outcome(int status) {
        return status < 200 ? "INFORMATIONAL" : status < 300 ? "SUCCESS" : status < 400 ? "REDIRECTION"
                : status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
    }
}
