package dev.trinity.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.budget.Budgets;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.loop.Orchestrator;
import dev.trinity.coordinator.loop.RunOptions;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.ProviderPool;
import dev.trinity.coordinator.provider.AuthenticationException;
import dev.trinity.coordinator.provider.MockChatProvider;
import dev.trinity.coordinator.provider.ProviderDispatcher;
import dev.trinity.coordinator.provider.RetryPolicy;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.testing.ManualClock;
import dev.trinity.coordinator.testing.ScriptedRouter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CoordinatorMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CoordinatorMetrics metrics = new CoordinatorMetrics();
    private final ManualClock clock = new ManualClock();

    private Orchestrator orchestrator(MockChatProvider mock) {
        metrics.bindTo(registry);
        return Orchestrator.builder(ScriptedRouter.roles(AgentRole.WORKER, AgentRole.VERIFIER),
                        AgentPool.builder(ProviderPool.mock()).mockProvider(mock).build())
                .nanoTime(clock).listener(metrics)
                .dispatcher(new ProviderDispatcher(RetryPolicy.NONE, d -> { })).build();
    }

    @Test
    void should_mirror_a_successful_run() {
        Orchestrator orchestrator = orchestrator(MockChatProvider.builder().respond(AgentRole.WORKER, r -> {
            clock.advanceMillis(25);
            return "42";
        }).reply(AgentRole.VERIFIER, "ACCEPT").build());

        orchestrator.run(List.of(Message.user("q")), RunOptions.defaults());

        assertThat(registry.get("gen_ai.client.operation.duration").tag("gen_ai.provider.name", "mock")
                .tag("gen_ai.request.model", "mock-agent-0").tag("outcome", "ok").timer().count()).isEqualTo(2);
        assertThat(registry.get("gen_ai.client.operation.duration").tag("outcome", "ok").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(25.0);
        assertThat(registry.get("coordinator.route.duration").timers()).hasSize(2);
        assertThat(registry.get("coordinator.turns").tag("role", "Verifier").tag("verifier_status", "accepted")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get("coordinator.turns").tag("role", "Worker").tag("verifier_status", "none")
                .counter().count()).as("a Worker's turn has no verdict").isEqualTo(1.0);
        assertThat(registry.get("coordinator.runs").tag("status", "accepted").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("coordinator.run.turns").summary().totalAmount()).isEqualTo(2.0);
        assertThat(registry.get("coordinator.provider.attempts").counter().count()).isEqualTo(2.0);
    }

    @Test
    void should_count_budget_aborts_and_failures_by_kind() {
        Orchestrator orchestrator = orchestrator(MockChatProvider.builder().reply(AgentRole.WORKER, "w")
                .reply(AgentRole.VERIFIER, "REVISE").build());

        orchestrator.run(List.of(Message.user("q")),
                RunOptions.builder().budgets(Budgets.builder().maxProviderCalls(1L).build()).build());

        assertThat(registry.get("coordinator.budget.aborts").tag("kind", "provider_calls").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("coordinator.runs").tag("status", "failed").tag("reason", "budget_exceeded")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void should_tag_provider_errors_with_their_type() {
        Orchestrator orchestrator = orchestrator(MockChatProvider.builder().respond(AgentRole.WORKER, r -> {
            throw new AuthenticationException("denied", 401);
        }).build());

        orchestrator.run(List.of(Message.user("q")), RunOptions.defaults());

        assertThat(registry.get("gen_ai.client.operation.duration").tag("outcome", "error")
                .tag("error.type", "provider_authentication_failed").timer().count()).isEqualTo(1);
        assertThat(registry.get("coordinator.runs").tag("reason", "provider_authentication_failed").counter()
                .count()).isEqualTo(1.0);
    }
}
