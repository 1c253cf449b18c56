package dev.trinity.coordinator.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.conversation.ConversationStore;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.MessageRole;
import dev.trinity.coordinator.hash.TraceHash;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.ProviderPool;
import dev.trinity.coordinator.provider.ChatRequest;
import dev.trinity.coordinator.provider.MockChatProvider;
import dev.trinity.coordinator.provider.ProviderDispatcher;
import dev.trinity.coordinator.provider.ProviderServerException;
import dev.trinity.coordinator.provider.RetryPolicy;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.testing.RecordingListener;
import dev.trinity.coordinator.testing.RecordingProvider;
import dev.trinity.coordinator.testing.ScriptedRouter;
import dev.trinity.coordinator.trace.EventType;
import dev.trinity.coordinator.trace.TraceEvent;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Ports of the reference's orchestrator_mock_test and orchestrator_test, plus event sequences. */
class OrchestratorTest {

    private final RecordingListener trace = new RecordingListener();
    private RecordingProvider provider;

    private Orchestrator orchestrator(Router router, MockChatProvider mock) {
        provider = new RecordingProvider(mock);
        AgentPool pool = AgentPool.builder(ProviderPool.mock()).mockProvider(provider).build();
        return Orchestrator.builder(router, pool)
                .dispatcher(new ProviderDispatcher(RetryPolicy.builder().build(), duration -> { }))
                .build();
    }

    private List<ChatRequest> calls() {
        return provider.requests();
    }

    private RunOptions options(int maxTurns) {
        return RunOptions.builder().maxTurns(maxTurns).runId("test_run").listener(trace).build();
    }

    private static MockChatProvider replies(Function<ChatRequest, String> verifier, String worker, String thinker) {
        return MockChatProvider.builder().respond(AgentRole.VERIFIER, verifier).reply(AgentRole.WORKER, worker)
                .reply(AgentRole.THINKER, thinker).build();
    }

    @Test
    void should_accept_with_the_verifiers_text_when_a_worker_answer_was_seeded() {
        // given a Verifier route and a seeded assistant answer
        Orchestrator orchestrator = orchestrator(ScriptedRouter.fixed(0, AgentRole.VERIFIER),
                replies(r -> "ACCEPT: smoke-test verifier accepted.", "w", "t"));
        ConversationStore store = new ConversationStore(List.of(Message.user("6*7?"), Message.assistant("42")));

        // when
        RunResult result = orchestrator.run(store, options(5));

        // then
        assertThat(result).isInstanceOf(RunResult.Success.class);
        RunResult.Success success = (RunResult.Success) result;
        assertThat(success.text()).isEqualTo("ACCEPT: smoke-test verifier accepted.");
        assertThat(success.termination()).isEqualTo(Termination.ACCEPTED);
        assertThat(success.latestWorkerResponse()).isEqualTo("42");
        assertThat(calls()).hasSize(1);
        assertThat(calls().get(0).context().roleName()).isEqualTo("Verifier");
        assertThat(calls().get(0).context().agentId()).isZero();
        assertThat(calls().get(0).messages().get(0).role()).isEqualTo(MessageRole.SYSTEM);
        assertThat(store.messages().get(store.size() - 1).content()).contains("ACCEPT");
        assertThat(store.messages()).noneMatch(m -> m.role() == MessageRole.SYSTEM);
    }

    @Test
    void should_return_the_worker_answer_at_the_turn_cap() {
        Orchestrator orchestrator = orchestrator(ScriptedRouter.fixed(0, AgentRole.WORKER),
                replies(r -> "ACCEPT", "Result: one worker turn.", "t"));

        RunResult result = orchestrator.run(List.of(Message.user("go")), options(1));

        RunResult.Success success = (RunResult.Success) result;
        assertThat(success.text()).isEqualTo("Result: one worker turn.");
        assertThat(success.termination()).isEqualTo(Termination.MAX_TURNS_LATEST_WORKER_RESPONSE);
        assertThat(calls()).hasSize(1);
        assertThat(success.usage().dispatches()).isEqualTo(1);
        assertThat(success.turns()).singleElement().satisfies(t -> {
            assertThat(t.role()).isEqualTo(AgentRole.WORKER);
            assertThat(t.route().roleName()).isEqualTo("Worker");
        });
        assertThat(trace.of(EventType.RUN_COMPLETED)).singleElement()
                .satisfies(e -> assertThat(e.get("final_status")).isEqualTo("max_turns_latest_worker_response"));
    }

    @Test
    void should_let_a_thinker_suggestion_steer_exactly_the_next_turn() {
        // given a router that always picks the Thinker
        Orchestrator orchestrator = orchestrator(ScriptedRouter.fixed(0, AgentRole.THINKER), replies(r -> "ACCEPT",
                "Result: 6 * 7 = 42.",
                "<suggestion>Ask the solver for the concrete answer.</suggestion>"
                        + "<suggested_role>solver</suggested_role>"));

        RunResult result = orchestrator.run(List.of(Message.user("6*7?")), options(2));

        assertThat(((RunResult.Success) result).text()).isEqualTo("Result: 6 * 7 = 42.");
        assertThat(result.turns()).extracting(t -> t.role().displayName()).containsExactly("Thinker", "Worker");
        assertThat(result.turns().get(1).overrideFromThinker()).isTrue();
        assertThat(result.turns().get(1).route().roleName()).isEqualTo("Thinker");
        List<TraceEvent> routes = trace.of(EventType.ROUTE_SELECTED);
        assertThat(routes.get(0).get("role_override_from_thinker")).isEqualTo(false);
        assertThat(routes.get(1).get("role_override_from_thinker")).isEqualTo(true);
        assertThat(routes.get(1).get("raw_selected_role")).isEqualTo("Thinker");
        assertThat(routes.get(1).get("selected_role")).isEqualTo("Worker");
        assertThat(routes.get(1).get("role_override_suggestion_hash"))
                .isEqualTo(TraceHash.text("Ask the solver for the concrete answer."));
        assertThat(trace.of(EventType.TURN_COMPLETED).get(0).get("thinker_suggested_role")).isEqualTo("Worker");
    }

    @Test
    void should_fail_without_dispatch_when_the_verifier_comes_before_any_worker_answer() {
        Orchestrator orchestrator = orchestrator(ScriptedRouter.fixed(0, AgentRole.VERIFIER),
                replies(r -> "ACCEPT", "w", "t"));

        RunResult result = orchestrator.run(List.of(Message.user("hi")), options(5));

        assertThat(result).isInstanceOf(RunResult.Failure.class);
        assertThat(((RunResult.Failure) result).kind().wireName()).isEqualTo("verifier_before_worker_response");
        assertThat(calls()).isEmpty();
        assertThat(trace.labels()).containsExactly("run_started", "turn_started", "slm_extracted",
                "route_selected", "run_failed");
        assertThat(trace.of(EventType.RUN_FAILED).get(0).get("reason")).isEqualTo("verifier_before_worker_response");
    }

    @Test
    void should_trace_a_provider_error_once_and_fail_with_its_kind() {
        Orchestrator orchestrator = orchestrator(ScriptedRouter.fixed(0, AgentRole.WORKER),
                MockChatProvider.builder().respond(AgentRole.WORKER, r -> {
                    throw new ProviderServerException("mock provider failed", 503, null);
                }).build());

        RunResult result = orchestrator.run(List.of(Message.user("hi")), options(5));

        RunResult.Failure failure = (RunResult.Failure) result;
        assertThat(failure.kind().wireName()).isEqualTo("provider_server_error");
        assertThat(failure.details()).containsEntry("http_status", 503).containsEntry("attempts", 3);
        assertThat(trace.labels()).containsExactly("run_started", "turn_started", "slm_extracted",
                "route_selected", "provider_called:started", "provider_called:error", "run_failed");
        TraceEvent error = trace.of(EventType.PROVIDER_CALLED).get(1);
        assertThat(error.get("provider_latency_ms")).isInstanceOf(Long.class);
        assertThat(error.get("error")).isEqualTo("provider_server_error");
        assertThat(trace.of(EventType.RUN_COMPLETED)).isEmpty();
    }

    @Test
    void should_trace_a_successful_verifier_turn_with_all_fields() {
        Orchestrator orchestrator = orchestrator(ScriptedRouter.roles(AgentRole.WORKER, AgentRole.VERIFIER),
                replies(r -> "ACCEPT: fine", "Result: 42", "t"));

        RunResult result = orchestrator.run(List.of(Message.user("6*7?")), options(5));

        assertThat(result.ok()).isTrue();
        assertThat(trace.labels()).containsExactly("run_started",
                "turn_started", "slm_extracted", "route_selected", "provider_called:started", "provider_called:ok",
                "turn_completed",
                "turn_started", "slm_extracted", "route_selected", "provider_called:started", "provider_called:ok",
                "turn_completed", "run_completed");
        TraceEvent ok = trace.of(EventType.PROVIDER_CALLED).get(3);
        assertThat(ok.get("provider_mode")).isEqualTo("mock");
        assertThat(ok.get("mock")).isEqualTo(true);
        assertThat(ok.get("selected_role")).isEqualTo(2);
        assertThat(ok.get("selected_role_name")).isEqualTo("Verifier");
        assertThat(ok.get("provider_latency_ms")).isInstanceOf(Long.class);
        assertThat(ok.get("response_hash")).isEqualTo(TraceHash.text("ACCEPT: fine"));
        TraceEvent completed = trace.of(EventType.TURN_COMPLETED).get(1);
        assertThat(completed.get("verifier_parse_status")).isEqualTo("accepted");
        assertThat(completed.get("verifier_status")).isEqualTo("accepted");
        assertThat(completed.get("final")).isEqualTo(true);
        assertThat(completed.get("verifier_diagnosis_hash")).isEqualTo(TraceHash.text("fine"));
        assertThat(trace.events()).allSatisfy(e -> {
            assertThat(e.runId()).isEqualTo("test_run");
            assertThat(e.toMap()).containsEntry("schema_version", 1).containsKey("timestamp_ms");
        });
        TraceEvent turnStarted = trace.of(EventType.TURN_STARTED).get(1);
        assertThat(turnStarted.get("transcript_hash")).isEqualTo(TraceHash.messages(
                List.of(Message.user("6*7?"), Message.assistant("Result: 42"))));
        assertThat(turnStarted.get("message_count")).isEqualTo(2);
    }

    @Test
    void should_fail_max_turns_at_zero_turns_without_any_answer() {
        Orchestrator orchestrator = orchestrator(ScriptedRouter.fixed(0, AgentRole.WORKER),
                replies(r -> "x", "y", "z"));

        RunResult result = orchestrator.run(List.of(Message.user("hi")), options(0));

        assertThat(((RunResult.Failure) result).kind().wireName()).isEqualTo("max_turns_reached");
        assertThat(trace.labels()).containsExactly("run_started", "run_failed");
        assertThat(calls()).isEmpty();
    }

    @Test
    void should_fail_once_when_routing_throws() {
        Router broken = messages -> {
            throw new IllegalStateException("extractor exploded");
        };
        Orchestrator orchestrator = orchestrator(broken, replies(r -> "x", "y", "z"));

        RunResult result = orchestrator.run(List.of(Message.user("hi")), options(3));

        RunResult.Failure failure = (RunResult.Failure) result;
        assertThat(failure.kind().wireName()).isEqualTo("routing_failed");
        assertThat(failure.details().get("error")).isEqualTo(
                Map.of("type", "IllegalStateException", "message", "extractor exploded"));
        assertThat(trace.labels()).containsExactly("run_started", "turn_started", "run_failed");
    }

    @Test
    void should_fail_when_the_router_picks_a_slot_the_pool_lacks() {
        ProviderPool onePool = new ProviderPool("one", List.of(ProviderPool.mock().slots().get(0)));
        AgentPool pool = AgentPool.builder(onePool).build();
        Orchestrator orchestrator = Orchestrator.builder(ScriptedRouter.fixed(4, AgentRole.WORKER), pool).build();

        RunResult result = orchestrator.run(List.of(Message.user("hi")), options(3));

        RunResult.Failure failure = (RunResult.Failure) result;
        assertThat(failure.kind().wireName()).isEqualTo("unknown_agent");
        assertThat(failure.details()).containsEntry("agent_id", 4).containsEntry("pool_size", 1);
        assertThat(trace.labels()).containsExactly("run_started", "turn_started", "slm_extracted",
                "route_selected", "run_failed");
    }

    @Test
    void should_give_every_run_a_fresh_run_id_unless_given() {
        Orchestrator orchestrator = orchestrator(ScriptedRouter.fixed(0, AgentRole.WORKER),
                replies(r -> "x", "y", "z"));
        RunOptions noId = RunOptions.builder().maxTurns(1).build();

        String first = orchestrator.run(List.of(Message.user("a")), noId).runId();
        String second = orchestrator.run(List.of(Message.user("a")), noId).runId();

        assertThat(first).startsWith("run_").isNotEqualTo(second);
        assertThat(orchestrator.run(List.of(Message.user("a")), options(1)).runId()).isEqualTo("test_run");
    }

    @Test
    void should_carry_the_route_decision_with_exactly_seven_keys() {
        Orchestrator orchestrator = orchestrator(ScriptedRouter.fixed(3, AgentRole.WORKER),
                replies(r -> "x", "y", "z"));

        orchestrator.run(List.of(Message.user("a")), options(1));

        @SuppressWarnings("unchecked")
        Map<String, Object> decision = (Map<String, Object>) trace.of(EventType.TURN_COMPLETED).get(0)
                .get("route_decision");
        assertThat(decision).containsOnlyKeys("agent_id", "role_id", "role_name", "margins", "selection_modes",
                "transcript_hash", "artifact_identity");
        assertThat(decision.get("agent_id")).isEqualTo(3);
        assertThat(decision.get("role_id")).isEqualTo(0);
        assertThat(decision.get("role_name")).isEqualTo("Worker");
        assertThat(decision.get("margins")).isEqualTo(Map.of("agent", 2.0, "role", 1.5 - (double) 0.3f));
        assertThat(decision.get("selection_modes")).isEqualTo(Map.of("agent", "argmax", "role", "argmax"));
        assertThat((String) decision.get("transcript_hash")).hasSize(64);
        assertThat(decision.get("artifact_identity")).isNull();
    }

    @Test
    void should_reject_invalid_options_up_front() {
        assertThatThrownBy(() -> RunOptions.builder().maxTurns(-1).build())
                .hasMessageContaining("max_turns");
        assertThatThrownBy(() -> RunOptions.builder().stopToken(" ").build())
                .hasMessageContaining("stop_token");
        assertThatThrownBy(() -> RunOptions.builder().runId("").build())
                .hasMessageContaining("run_id");
    }
}
