package dev.trinity.coordinator.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.hash.TraceHash;
import dev.trinity.coordinator.pool.AgentPool;
import dev.trinity.coordinator.pool.CredentialSource;
import dev.trinity.coordinator.pool.ProviderPool;
import dev.trinity.coordinator.pool.SlotSpec;
import dev.trinity.coordinator.provider.ProviderKind;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.testing.RecordingListener;
import dev.trinity.coordinator.testing.ScriptedRouter;
import dev.trinity.coordinator.testing.StrictChatServer;
import dev.trinity.coordinator.trace.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whole runs against a server that enforces llama.cpp's message rules: every provider request must be accepted,
 * while the transcript (and so every trace hash) keeps the agents' replies as consecutive assistant messages.
 */
class StrictServerLoopTest {

    @ParameterizedTest
    @EnumSource(value = ProviderKind.class, names = {"OPENAI_COMPATIBLE", "ANTHROPIC", "GEMINI"})
    void a_four_turn_run_is_accepted_turn_after_turn(ProviderKind kind) throws Exception {
        StrictChatServer server = new StrictChatServer();
        try (MockWebServer http = new MockWebServer()) {
            http.setDispatcher(server);
            http.start();
            List<SlotSpec> slots = new ArrayList<>();
            for (int id = 0; id < 7; id++) {
                slots.add(new SlotSpec(id, kind, "strict-model", http.url("/v1").toString(), "STRICT_KEY", 64, 0.0,
                        5_000, null));
            }
            AgentPool pool = AgentPool.builder(new ProviderPool("strict", slots))
                    .credentials(CredentialSource.of(Map.of("STRICT_KEY", "k-123"))).build();
            RecordingListener trace = new RecordingListener();
            // Thinker, Worker, Thinker, then the Verifier: three agent replies in a row before the last request
            Router router = ScriptedRouter.roles(AgentRole.THINKER, AgentRole.WORKER, AgentRole.THINKER,
                    AgentRole.VERIFIER);

            RunResult result = Orchestrator.builder(router, pool).build().run(List.of(Message.user("What is 6 * 7?")),
                    RunOptions.builder().maxTurns(6).respectThinkerSuggestions(false).listener(trace).build());

            assertThat(server.refused()).isEmpty();
            assertThat(result).isInstanceOf(RunResult.Success.class);
            assertThat(((RunResult.Success) result).termination()).isEqualTo(Termination.ACCEPTED);
            assertThat(server.accepted()).hasSize(4).allSatisfy(roles -> assertThat(roles).endsWith("user"));
            // the transcript keeps the reference's shape: the hash of turn 3 is over 3 consecutive assistant replies
            List<Message> transcript = List.of(Message.user("What is 6 * 7?"),
                    Message.assistant("Plan: multiply 6 by 7, then have it checked."),
                    Message.assistant("Result: 6 * 7 = 42."),
                    Message.assistant("Plan: multiply 6 by 7, then have it checked."));
            assertThat(trace.of(EventType.TURN_STARTED).get(3).get("transcript_hash"))
                    .isEqualTo(TraceHash.messages(transcript));
        }
    }
}
