package dev.trinity.coordinator.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.budget.BudgetKind;
import dev.trinity.coordinator.budget.Budgets;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.ProviderPool;
import dev.trinity.coordinator.provider.ChatResponse;
import dev.trinity.coordinator.provider.MockChatProvider;
import dev.trinity.coordinator.provider.ProviderDispatcher;
import dev.trinity.coordinator.provider.ProviderException;
import dev.trinity.coordinator.provider.ProviderKind;
import dev.trinity.coordinator.provider.ProviderListener;
import dev.trinity.coordinator.provider.ProviderServerException;
import dev.trinity.coordinator.provider.RetryPolicy;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.role.VerifierStatus;
import dev.trinity.coordinator.testing.RecordingListener;
import dev.trinity.coordinator.testing.ScriptedRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The typed events of a run and the provider-level listener. */
class RunEventsTest {

    private final RecordingListener recorded = new RecordingListener();

    private static Orchestrator.Builder orchestrator(MockChatProvider mock) {
        return Orchestrator.builder(ScriptedRouter.roles(AgentRole.WORKER, AgentRole.VERIFIER),
                        AgentPool.builder(ProviderPool.mock()).mockProvider(mock).build())
                .dispatcher(new ProviderDispatcher(RetryPolicy.builder().build(), d -> { }));
    }

    private static List<String> names(List<RunEvent> events) {
        return events.stream().map(e -> e.getClass().getSimpleName()).toList();
    }

    @Test
    void should_report_a_successful_run_as_typed_events_in_loop_order() {
        // given a Worker turn, then a Verifier that accepts
        Orchestrator orchestrator = orchestrator(MockChatProvider.builder().reply(AgentRole.WORKER, "42")
                .reply(AgentRole.VERIFIER, "ACCEPT: 42").build()).listener(recorded).build();

        // when
        RunResult result = orchestrator.run(List.of(Message.user("6*7?")), RunOptions.builder().runId("r").build());

        // then
        assertThat(names(recorded.typed())).containsExactly("RunStarted",
                "TurnStarted", "VectorExtracted", "RouteSelected", "ProviderCallStarted", "ProviderCallSucceeded",
                "TurnCompleted",
                "TurnStarted", "VectorExtracted", "RouteSelected", "ProviderCallStarted", "ProviderCallSucceeded",
                "VerdictGiven", "TurnCompleted",
                "RunCompleted");
        assertThat(recorded.typed()).allSatisfy(e -> assertThat(e.context().runId()).isEqualTo("r"));
        RunEvent.VerdictGiven verdict = (RunEvent.VerdictGiven) recorded.typed().get(12);
        assertThat(verdict.turn()).isEqualTo(1);
        assertThat(verdict.verdict().status()).isEqualTo(VerifierStatus.ACCEPTED);
        RunEvent.RunCompleted completed = (RunEvent.RunCompleted) recorded.typed().get(14);
        assertThat(completed.result()).isEqualTo(result);
    }

    @Test
    void should_call_only_the_methods_a_listener_overrides() {
        List<String> turns = new ArrayList<>();
        Orchestrator orchestrator = orchestrator(MockChatProvider.builder().reply(AgentRole.WORKER, "42")
                .reply(AgentRole.VERIFIER, "ACCEPT").build()).build();

        orchestrator.run(List.of(Message.user("q")), RunOptions.builder().listener(new RunListener() {
            @Override
            public void onTurnCompleted(RunEvent.TurnCompleted event) {
                turns.add(event.record().role().displayName() + ": " + event.record().responseText());
            }
        }).build());

        assertThat(turns).containsExactly("Worker: 42", "Verifier: ACCEPT");
    }

    @Test
    void should_report_the_budget_before_the_one_run_failed() {
        Orchestrator orchestrator = orchestrator(MockChatProvider.builder().reply(AgentRole.WORKER, "w")
                .reply(AgentRole.VERIFIER, "REVISE").build()).listener(recorded).build();

        RunResult result = orchestrator.run(List.of(Message.user("q")),
                RunOptions.builder().budgets(Budgets.builder().maxProviderCalls(1L).build()).build());

        List<RunEvent> events = recorded.typed();
        assertThat(names(events.subList(events.size() - 2, events.size())))
                .containsExactly("BudgetExceeded", "RunFailed");
        RunEvent.RunFailed failed = (RunEvent.RunFailed) events.get(events.size() - 1);
        assertThat(failed.budget().kind()).isEqualTo(BudgetKind.PROVIDER_CALLS);
        assertThat(failed.result()).isEqualTo(result);
        assertThat(failed.result().kind()).isEqualTo(FailureKind.BUDGET_EXCEEDED);
    }

    @Test
    void should_show_a_provider_listener_every_attempt_with_its_number() {
        // given a provider that fails twice with a 503, then answers
        AtomicInteger calls = new AtomicInteger();
        MockChatProvider flaky = MockChatProvider.builder().respond(AgentRole.WORKER, request -> {
            if (calls.incrementAndGet() <= 2) {
                throw new ProviderServerException("down", 503, null);
            }
            return "42";
        }).reply(AgentRole.VERIFIER, "ACCEPT").build();
        List<String> seen = new ArrayList<>();
        ProviderListener listener = new ProviderListener() {
            @Override
            public void onRequest(Attempt attempt) {
                attempt.attributes().put("role", attempt.request().context().roleName());
                seen.add("request " + attempt.number() + " " + attempt.provider().wireName());
            }

            @Override
            public void onResponse(Attempt attempt, ChatResponse response) {
                seen.add("response " + attempt.number() + " " + attempt.attributes().get("role") + " "
                        + response.text());
            }

            @Override
            public void onError(Attempt attempt, ProviderException error) {
                seen.add("error " + attempt.number() + " " + error.kind().wireName());
            }
        };
        ProviderListener throwing = new ProviderListener() {
            @Override
            public void onRequest(Attempt attempt) {
                throw new IllegalStateException("listener bug");
            }
        };
        Orchestrator orchestrator = orchestrator(flaky).providerListener(throwing).providerListener(listener)
                .build();

        // when
        RunResult result = orchestrator.run(List.of(Message.user("q")), RunOptions.defaults());

        // then the throwing listener changed nothing, and the other saw each attempt of each dispatch
        assertThat(result.ok()).isTrue();
        assertThat(result.usage().providerCalls()).isEqualTo(4);
        assertThat(seen).containsExactly(
                "request 1 mock", "error 1 provider_server_error",
                "request 2 mock", "error 2 provider_server_error",
                "request 3 mock", "response 3 Worker 42",
                "request 1 mock", "response 1 Verifier ACCEPT");
        assertThat(ProviderKind.MOCK.wireName()).isEqualTo("mock");
    }
}
