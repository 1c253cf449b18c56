package dev.trinity.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.adapted.RouterSource;
import dev.trinity.coordinator.budget.Budgets;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.loop.FailureKind;
import dev.trinity.coordinator.loop.RouteExtraction;
import dev.trinity.coordinator.loop.Router;
import dev.trinity.coordinator.loop.RunEvent;
import dev.trinity.coordinator.loop.RunListener;
import dev.trinity.coordinator.loop.RunResult;
import dev.trinity.coordinator.loop.Termination;
import dev.trinity.coordinator.loop.TurnRoute;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.provider.ChatResponse;
import dev.trinity.coordinator.provider.ProviderListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front door: one object that routes and runs, built from a source or around a router. */
class CoordinatorTest {

    @TempDir
    Path dir;

    /** Worker on the first turn, Verifier afterwards, agent 2. */
    private static final Router WORKER_THEN_VERIFIER = new Router() {
        @Override
        public TurnRoute route(List<Message> messages) {
            int role = messages.stream().anyMatch(m -> m.role().wireName().equals("assistant")) ? 2 : 0;
            float[] roles = {0f, 0f, 0f};
            roles[role] = 1f;
            return TurnRoute.of(2, role, new float[] {0f, 0f, 3f, 0f, 0f, 0f, 0f}, roles, "argmax", null,
                    new RouteExtraction(new int[] {1, 8}, new int[] {1, 4, 8}, "test", 4, 0.0));
        }
    };

    @Test
    void should_route_and_run_the_bundled_tiny_router_on_the_mock_team() throws IOException {
        // given
        Path trace = dir.resolve("traces/run.jsonl");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<String> turns = new ArrayList<>();
        List<String> attempts = new ArrayList<>();

        // when
        RunResult result;
        TurnRoute route;
        List<TurnRoute> routes;
        try (Coordinator coordinator = Coordinator.builder()
                .router(RouterSource.bundledTiny())
                .device(DeviceSpec.CPU)
                .threads(2)
                .pool(AgentPool.mockTeam())
                .maxTurns(8)
                .budgets(Budgets.builder().maxProviderCalls(20L).build())
                .traceFile(trace)
                .meterRegistry(registry)
                .listener(new RunListener() {
                    @Override
                    public void onTurnCompleted(RunEvent.TurnCompleted event) {
                        turns.add(event.record().role().displayName());
                    }
                })
                .providerListener(new ProviderListener() {
                    @Override
                    public void onResponse(Attempt attempt, ChatResponse response) {
                        attempts.add(attempt.provider().wireName() + " " + attempt.number());
                    }
                })
                .build()) {
            assertThat(coordinator.router()).isInstanceOf(LoadedRouter.class);
            route = coordinator.route(List.of(Message.user("What is 17 + 25? Answer briefly.")));
            routes = coordinator.routeAll(List.of(List.of(Message.user("What is 17 + 25? Answer briefly.")),
                    List.of(Message.user("hi"))));
            result = coordinator.run("What is 17 * 24? Show the working.");
        }

        // then
        assertThat(route.agentId()).isEqualTo(4);
        assertThat(route.roleName()).isEqualTo("Thinker");
        assertThat(routes).hasSize(2).first().satisfies(r -> assertThat(r.agentId()).isEqualTo(4));
        assertThat(result).isInstanceOf(RunResult.Success.class);
        assertThat(((RunResult.Success) result).termination()).isEqualTo(Termination.ACCEPTED);
        assertThat(turns).hasSize(result.turns().size()).contains("Worker", "Verifier");
        assertThat(attempts).hasSize(result.turns().size()).allMatch(a -> a.equals("mock 1"));
        assertThat(Files.readAllLines(trace)).first().asString().contains("\"event\":\"run_started\"");
        assertThat(registry.get("coordinator.runs").tag("status", "accepted").counter().count()).isEqualTo(1.0);
    }

    @Test
    void should_leave_a_router_it_was_given_open_and_fail_runs_without_a_pool() throws IOException {
        try (Coordinator coordinator = Coordinator.builder().router(WORKER_THEN_VERIFIER).build()) {
            assertThat(coordinator.route(List.of(Message.user("q"))).agentId()).isEqualTo(2);
            assertThatThrownBy(() -> coordinator.run("q")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("pool(AgentPool.mockTeam())");
        }
    }

    @Test
    void should_apply_the_builders_run_settings() throws IOException {
        try (Coordinator coordinator = Coordinator.builder().router(WORKER_THEN_VERIFIER).pool(AgentPool.mockTeam())
                .budgets(Budgets.builder().maxProviderCalls(1L).build()).build()) {
            RunResult result = coordinator.run("What is 6 * 7?");

            assertThat(result).isInstanceOf(RunResult.Failure.class);
            assertThat(((RunResult.Failure) result).kind()).isEqualTo(FailureKind.BUDGET_EXCEEDED);
        }
    }

    @Test
    void should_refuse_an_incomplete_builder() {
        assertThatThrownBy(() -> Coordinator.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a router");
        assertThatThrownBy(() -> Coordinator.builder().router(WORKER_THEN_VERIFIER).device(DeviceSpec.CPU))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("router(RouterSource)");
        assertThatThrownBy(() -> Coordinator.builder().router(WORKER_THEN_VERIFIER).maxTurns(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_turns");
    }
}
