package dev.trinity.coordinator.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.budget.BudgetTracker;
import dev.trinity.coordinator.budget.Budgets;
import dev.trinity.coordinator.budget.DispatchInfo;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.ProviderPool;
import dev.trinity.coordinator.provider.MockChatProvider;
import dev.trinity.coordinator.provider.ProviderDispatcher;
import dev.trinity.coordinator.provider.ProviderKind;
import dev.trinity.coordinator.provider.RateLimitedException;
import dev.trinity.coordinator.provider.RetryPolicy;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.testing.ManualClock;
import dev.trinity.coordinator.testing.RecordingListener;
import dev.trinity.coordinator.testing.RecordingProvider;
import dev.trinity.coordinator.testing.ScriptedRouter;
import dev.trinity.coordinator.trace.EventType;
import dev.trinity.coordinator.trace.TraceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Port of the reference's orchestrator_budgets_test, with exact details and our single run_failed. */
class OrchestratorBudgetsTest {

    private final ManualClock clock = new ManualClock();
    private final RecordingListener trace = new RecordingListener();
    private RecordingProvider provider;

    private Orchestrator orchestrator(Router router, MockChatProvider mock) {
        provider = new RecordingProvider(mock);
        AgentPool pool = AgentPool.builder(ProviderPool.mock()).mockProvider(provider).build();
        return Orchestrator.builder(router, pool).nanoTime(clock)
                .dispatcher(new ProviderDispatcher(RetryPolicy.builder().build(), d -> clock.advanceMillis(
                        d.toMillis())))
                .build();
    }

    private Orchestrator workerAnswering(String text) {
        return orchestrator(ScriptedRouter.fixed(0, AgentRole.WORKER), MockChatProvider.builder()
                .reply(AgentRole.WORKER, text).build());
    }

    private RunOptions.Builder options(Budgets budgets) {
        return RunOptions.builder().maxTurns(3).budgets(budgets).runId("budget_run").listener(trace);
    }

    private static RunResult.Failure failure(RunResult result) {
        assertThat(result).isInstanceOf(RunResult.Failure.class);
        return (RunResult.Failure) result;
    }

    @Test
    void should_finish_without_budgets_on_the_latest_worker_response() {
        RunResult result = workerAnswering("ACCEPT").run(List.of(Message.user("go")), options(Budgets.NONE).build());

        assertThat(result.ok()).isTrue();
        assertThat(((RunResult.Success) result).termination()).isEqualTo(Termination.MAX_TURNS_LATEST_WORKER_RESPONSE);
        assertThat(provider.requests()).hasSize(3);
    }

    @Test
    void should_allow_exactly_n_provider_calls() {
        RunResult result = workerAnswering("w").run(List.of(Message.user("go")),
                options(Budgets.builder().maxProviderCalls(2L).build()).build());

        RunResult.Failure failure = failure(result);
        assertThat(failure.kind().wireName()).isEqualTo("budget_exceeded");
        assertThat(failure.details()).containsExactly(Map.entry("budget", "provider_calls"), Map.entry("limit", 2L),
                Map.entry("observed", 3L), Map.entry("checkpoint", "before_dispatch"), Map.entry("turn", 2));
        assertThat(provider.requests()).hasSize(2);
        assertThat(trace.labels().subList(trace.labels().size() - 5, trace.labels().size())).containsExactly(
                "turn_started", "slm_extracted", "route_selected", "provider_called:started", "run_failed");
        assertThat(trace.of(EventType.RUN_FAILED)).singleElement().satisfies(e -> {
            assertThat(e.get("reason")).isEqualTo(List.of("budget_exceeded", "provider_calls"));
            assertThat(e.get("details")).isEqualTo(Map.of("limit", 2L, "observed", 3L,
                    "checkpoint", "before_dispatch", "turn", 2));
        });
    }

    @Test
    void should_abort_the_second_call_with_a_budget_of_one() {
        RunResult result = workerAnswering("w").run(List.of(Message.user("go")),
                options(Budgets.builder().maxProviderCalls(1L).build()).build());

        assertThat(failure(result).details()).containsEntry("observed", 2L).containsEntry("limit", 1L);
        assertThat(provider.requests()).hasSize(1);
    }

    @Test
    void should_count_every_http_attempt_including_retries() {
        // given a provider that rate-limits once, then answers
        AtomicInteger attempts = new AtomicInteger();
        Orchestrator orchestrator = orchestrator(ScriptedRouter.fixed(0, AgentRole.WORKER), MockChatProvider.builder()
                .respond(AgentRole.WORKER, r -> {
                    if (attempts.getAndIncrement() == 0) {
                        throw new RateLimitedException("slow down", 429, Duration.ofSeconds(2));
                    }
                    return "answer";
                }).build());

        // when only one call is allowed
        RunResult result = orchestrator.run(List.of(Message.user("go")),
                options(Budgets.builder().maxProviderCalls(1L).build()).build());

        // then the retry is the second call and is refused
        assertThat(failure(result).details()).containsEntry("observed", 2L).containsEntry("turn", 0);
        assertThat(attempts.get()).isEqualTo(1);
        assertThat(trace.labels()).containsExactly("run_started", "turn_started", "slm_extracted", "route_selected",
                "provider_called:started", "provider_called:error", "run_failed");
        assertThat(trace.of(EventType.PROVIDER_CALLED).get(1).get("error")).isEqualTo("provider_rate_limited");
    }

    @Test
    void should_count_two_attempts_when_a_429_is_retried_successfully() {
        AtomicInteger attempts = new AtomicInteger();
        Orchestrator orchestrator = orchestrator(ScriptedRouter.fixed(0, AgentRole.WORKER), MockChatProvider.builder()
                .respond(AgentRole.WORKER, r -> {
                    if (attempts.getAndIncrement() == 0) {
                        throw new RateLimitedException("slow down", 429, Duration.ofSeconds(2));
                    }
                    return "answer";
                }).build());

        RunResult result = orchestrator.run(List.of(Message.user("go")), options(Budgets.NONE).maxTurns(1).build());

        assertThat(result.ok()).isTrue();
        assertThat(result.usage().providerCalls()).isEqualTo(2);
        assertThat(result.usage().dispatches()).isEqualTo(1);
        assertThat(result.turns().get(0).attempts()).isEqualTo(2);
        assertThat(result.turns().get(0).latencyMs()).isEqualTo(2000);
    }

    @Test
    void should_fire_wall_time_zero_at_the_first_turn() {
        RunResult result = workerAnswering("w").run(List.of(Message.user("go")),
                options(Budgets.builder().maxWallTimeMs(0L).build()).build());

        assertThat(failure(result).details()).containsExactly(Map.entry("budget", "wall_time"),
                Map.entry("limit_ms", 0L), Map.entry("elapsed_ms", 0L), Map.entry("checkpoint", "turn_start"),
                Map.entry("turn", 0));
        assertThat(trace.labels()).containsExactly("run_started", "run_failed");
        assertThat(provider.requests()).isEmpty();
    }

    @Test
    void should_check_wall_time_again_before_dispatch() {
        // given a router that takes 150 ms of the 100 ms budget
        Router slow = messages -> {
            clock.advanceMillis(150);
            return ScriptedRouter.fixed(0, AgentRole.WORKER).route(messages);
        };
        Orchestrator orchestrator = orchestrator(slow, MockChatProvider.builder().reply(AgentRole.WORKER, "w").build());

        RunResult result = orchestrator.run(List.of(Message.user("go")),
                options(Budgets.builder().maxWallTimeMs(100L).build()).build());

        assertThat(failure(result).details()).containsExactly(Map.entry("budget", "wall_time"),
                Map.entry("limit_ms", 100L), Map.entry("elapsed_ms", 150L), Map.entry("checkpoint", "before_dispatch"),
                Map.entry("turn", 0));
        assertThat(failure(result).describe()).isEqualTo("budget_exceeded: the wall_time budget ran out at turn 0 "
                + "(before_dispatch): 150 ms against a limit of 100 ms");
        assertThat(provider.requests()).isEmpty();
        assertThat(result.usage().providerCalls()).isEqualTo(1);
    }

    @Test
    void should_pass_every_check_with_no_budgets() {
        BudgetTracker tracker = new BudgetTracker(Budgets.NONE, null, clock, w -> { });
        DispatchInfo info = new DispatchInfo(ProviderKind.MOCK, "m", "x", "mock", 1_000_000, 0, "Worker", null, null);

        assertThat(tracker.atTurnStart(0)).isEmpty();
        assertThat(tracker.beforeDispatch(0)).isEmpty();
        assertThat(tracker.afterDispatch(0, info)).isEmpty();
        assertThat(tracker.afterVerifierRevision(0)).isEmpty();
    }

    @Test
    void should_fire_latency_after_a_slow_dispatch() {
        Orchestrator orchestrator = orchestrator(ScriptedRouter.fixed(0, AgentRole.WORKER), MockChatProvider.builder()
                .respond(AgentRole.WORKER, r -> {
                    clock.advanceMillis(40);
                    return "slow";
                }).build());

        RunResult result = orchestrator.run(List.of(Message.user("go")),
                options(Budgets.builder().maxProviderLatencyMs(10L).build()).build());

        assertThat(failure(result).details()).containsExactly(Map.entry("budget", "provider_latency_ms"),
                Map.entry("limit_ms", 10L), Map.entry("observed_ms", 40L), Map.entry("checkpoint", "after_dispatch"),
                Map.entry("turn", 0));
        assertThat(trace.labels()).containsExactly("run_started", "turn_started", "slm_extracted", "route_selected",
                "provider_called:started", "provider_called:ok", "run_failed");
        assertThat(result.turns()).isEmpty();
    }

    @Test
    void should_not_fire_latency_for_fast_dispatches() {
        Orchestrator orchestrator = orchestrator(ScriptedRouter.fixed(0, AgentRole.WORKER), MockChatProvider.builder()
                .respond(AgentRole.WORKER, r -> {
                    clock.advanceMillis(10);
                    return "fast";
                }).build());

        RunResult result = orchestrator.run(List.of(Message.user("go")),
                options(Budgets.builder().maxProviderLatencyMs(10_000L).build()).build());

        assertThat(result.ok()).isTrue();
    }

    @Test
    void should_fire_revisions_after_the_n_plus_first_rejection() {
        Orchestrator orchestrator = orchestrator(ScriptedRouter.fixed(0, AgentRole.VERIFIER), MockChatProvider.builder()
                .reply(AgentRole.VERIFIER, "REVISE - wrong").build());

        RunResult result = orchestrator.run(List.of(Message.user("go"), Message.assistant("seed")),
                options(Budgets.builder().maxVerifierRevisions(2L).build()).maxTurns(10).build());

        assertThat(failure(result).details()).containsExactly(Map.entry("budget", "verifier_revisions"),
                Map.entry("limit", 2L), Map.entry("observed", 3L), Map.entry("checkpoint", "after_verifier_revision"),
                Map.entry("turn", 2));
        List<String> labels = trace.labels();
        assertThat(labels.subList(labels.size() - 3, labels.size())).containsExactly("provider_called:ok",
                "turn_completed", "run_failed");
        assertThat(result.usage().verifierRevisions()).isEqualTo(3);
    }

    @Test
    void should_fire_cost_when_the_cumulative_estimate_reaches_the_limit() {
        List<DispatchInfo> seen = new ArrayList<>();
        RunResult result = workerAnswering("w").run(List.of(Message.user("go")),
                options(Budgets.builder().maxEstimatedCostUsd(1.0).build()).costEstimator(info -> {
                    seen.add(info);
                    return 0.5;
                }).build());

        assertThat(failure(result).details()).containsExactly(Map.entry("budget", "estimated_cost_usd"),
                Map.entry("limit_usd", 1.0), Map.entry("observed_usd", 1.0), Map.entry("checkpoint", "after_dispatch"),
                Map.entry("turn", 1));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).provider().wireName()).isEqualTo("mock");
        assertThat(seen.get(0).model()).isEqualTo("mock-agent-0");
        assertThat(seen.get(0).responseText()).isEqualTo("w");
        assertThat(seen.get(0).mode()).isEqualTo("mock");
    }

    @Test
    void should_warn_exactly_once_when_a_cost_budget_has_no_estimator() {
        RunResult result = workerAnswering("w").run(List.of(Message.user("go")),
                options(Budgets.builder().maxEstimatedCostUsd(0.01).build()).build());

        assertThat(result.ok()).isTrue();
        assertThat(provider.requests()).hasSize(3);
        assertThat(result.warnings()).singleElement().satisfies(w -> assertThat(w)
                .contains("max_estimated_cost_usd was set").contains("cost_estimator_fn"));
    }

    @Test
    void should_type_the_route_decision_for_json_consumers() {
        workerAnswering("w").run(List.of(Message.user("go")), options(Budgets.NONE).maxTurns(1).build());

        TraceEvent completed = trace.of(EventType.TURN_COMPLETED).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> decision = (Map<String, Object>) completed.get("route_decision");
        assertThat(decision.get("agent_id")).isInstanceOf(Integer.class);
        assertThat(decision.get("role_id")).isInstanceOf(Integer.class);
        assertThat(decision.get("role_name")).isInstanceOf(String.class);
        assertThat(decision.get("margins")).isInstanceOf(Map.class);
        assertThat(decision.get("selection_modes")).isInstanceOf(Map.class);
        assertThat(decision.get("transcript_hash")).isInstanceOf(String.class);
    }

    @Test
    void should_reject_negative_budgets_naming_the_option() {
        assertThatThrownBy(() -> Budgets.builder().maxProviderCalls(-1L).build())
                .hasMessageContaining("max_provider_calls");
        assertThatThrownBy(() -> Budgets.builder().maxEstimatedCostUsd(Double.NaN)
                .build()).hasMessageContaining("max_estimated_cost_usd");
    }
}
