package dev.trinity.coordinator.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A failed run's one line: budgets and provider failures as sentences, anything else as key-value pairs. */
class FailureTextTest {

    private static String describe(FailureKind kind, Map<String, Object> details) {
        return new RunResult.Failure("run-1", kind, details, List.of(), new Usage(0, 0, 0, 0, 0, 0, 0, 0), List.of())
                .describe();
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void a_budget_says_which_ran_out_where_and_by_how_much_with_its_unit() {
        assertThat(describe(FailureKind.BUDGET_EXCEEDED, map("budget", "estimated_cost_usd", "limit_usd", 0.05,
                "observed_usd", 0.123, "checkpoint", "after_dispatch", "turn", 0)))
                .isEqualTo("budget_exceeded: the estimated_cost_usd budget ran out at turn 0 (after_dispatch): "
                        + "0.123 USD against a limit of 0.05 USD");
        assertThat(describe(FailureKind.BUDGET_EXCEEDED, map("budget", "wall_time", "limit_ms", 100L,
                "elapsed_ms", 250L, "checkpoint", "before_dispatch", "turn", 2)))
                .endsWith("at turn 2 (before_dispatch): 250 ms against a limit of 100 ms");
        assertThat(describe(FailureKind.BUDGET_EXCEEDED, map("budget", "provider_latency_ms", "limit_ms", 100L,
                "observed_ms", 180L, "checkpoint", "after_dispatch", "turn", 0)))
                .endsWith("(after_dispatch): 180 ms against a limit of 100 ms");
        assertThat(describe(FailureKind.BUDGET_EXCEEDED, map("budget", "provider_calls", "limit", 1,
                "observed", 2, "checkpoint", "before_dispatch", "turn", 1)))
                .endsWith("(before_dispatch): 2 against a limit of 1");
    }

    @Test
    void a_provider_failure_gives_the_providers_message_and_the_facts_it_has() {
        assertThat(describe(FailureKind.PROVIDER_AUTHENTICATION_FAILED, map("provider", "openai", "model", "m",
                "agent_id", 3, "http_status", 401, "attempts", 1, "message", "openai POST u answered HTTP 401")))
                .isEqualTo("provider_authentication_failed: openai POST u answered HTTP 401 (slot 3, model m, "
                        + "HTTP 401, 1 attempt(s))");
        assertThat(describe(FailureKind.PROVIDER_CONNECTION_FAILED, map("agent_id", 0, "http_status", null,
                "attempts", 3, "message", "refused")))
                .isEqualTo("provider_connection_failed: refused (slot 0, 3 attempt(s))");
    }

    @Test
    void other_failures_list_their_details_as_key_value_pairs() {
        assertThat(describe(FailureKind.MAX_TURNS_REACHED, map("max_turns", 0)))
                .isEqualTo("max_turns_reached (max_turns 0)");
        assertThat(describe(FailureKind.MAX_TURNS_REACHED, map())).isEqualTo("max_turns_reached");
    }
}
