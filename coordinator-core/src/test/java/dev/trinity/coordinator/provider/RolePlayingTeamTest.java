package dev.trinity.coordinator.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.role.RoleInjector;
import dev.trinity.coordinator.role.ThinkerParser;
import dev.trinity.coordinator.role.ThinkerSuggestion;
import dev.trinity.coordinator.role.VerifierParser;
import dev.trinity.coordinator.role.VerifierStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mock team of {@link MockChatProvider#rolePlaying()}: each role acts on the conversation by its contract. */
class RolePlayingTeamTest {

    private static final MockChatProvider TEAM = MockChatProvider.rolePlaying();

    /** The team's reply for a role, to the conversation as the loop would send it (role prompt injected). */
    private static String reply(AgentRole role, String task, String... replies) {
        List<Message> transcript = new ArrayList<>();
        transcript.add(Message.user(task));
        for (String text : replies) {
            transcript.add(Message.assistant(text));
        }
        ChatRequest request = new ChatRequest(RoleInjector.inject(transcript, role.displayName()), "mock", 200, 0.2,
                Duration.ofSeconds(1), CallContext.standalone(0, role.displayName()));
        return TEAM.chat(request).text();
    }

    private static AgentRole suggested(String thinkerReply) {
        return ThinkerParser.parse(thinkerReply).map(ThinkerSuggestion::role).orElse(null);
    }

    @Test
    void the_thinker_steers_to_the_role_the_conversation_needs() {
        String task = "What is 23 * 47? Show the working.";
        assertThat(suggested(reply(AgentRole.THINKER, task))).isEqualTo(AgentRole.WORKER);
        assertThat(suggested(reply(AgentRole.THINKER, task, "Answer: 23 * 47 = 1081.")))
                .isEqualTo(AgentRole.VERIFIER);
        String afterRevise = reply(AgentRole.THINKER, task, "Answer: 23 * 47 = 1081.", "REVISE: show the working.");
        assertThat(suggested(afterRevise)).isEqualTo(AgentRole.WORKER);
        assertThat(afterRevise).contains("show the working");
    }

    @Test
    void the_worker_computes_first_a_bare_result_then_the_working() {
        long product = 23L * 47;
        assertThat(reply(AgentRole.WORKER, "What is 23 * 47?")).isEqualTo("Answer: 23 * 47 = " + product + ".");
        String revised = reply(AgentRole.WORKER, "What is 23 * 47?", "Answer: 23 * 47 = " + product + ".",
                "REVISE: show it");
        assertThat(revised).isEqualTo("Answer: 23 * 47 = 23 * 40 + 23 * 7 = " + 23 * 40 + " + " + 23 * 7 + " = "
                + product + ".");
        assertThat(reply(AgentRole.WORKER, "52 - 17?", "Answer: 35")).endsWith("= " + (52 - 17) + ".");
        assertThat(reply(AgentRole.WORKER, "6 x 7", "Answer: 42")).isEqualTo("Answer: 6 * 7 = 6 * 4 + 6 * 3 = 24 + 18 "
                + "= 42.");
    }

    @Test
    void the_verifier_recomputes_and_revises_a_wrong_or_incomplete_answer() {
        String wrong = reply(AgentRole.VERIFIER, "What is 6 * 7?", "Answer: 6 * 7 = 41.");
        assertThat(VerifierParser.parse(wrong, "ACCEPT", null).status()).isEqualTo(VerifierStatus.REVISED);
        assertThat(wrong).isEqualTo("REVISE: the answer gives 41, but 6 * 7 = 42.");

        String bare = reply(AgentRole.VERIFIER, "What is 6 * 7? Show the working.", "Answer: 6 * 7 = 42.");
        assertThat(bare).startsWith("REVISE: 6 * 7 = 42 is right, but the task asks for the working");

        String right = reply(AgentRole.VERIFIER, "What is 6 * 7? Show the working.",
                "Answer: 6 * 7 = 6 * 4 + 6 * 3 = 24 + 18 = 42.");
        assertThat(VerifierParser.parse(right, "ACCEPT", null).status()).isEqualTo(VerifierStatus.ACCEPTED);

        String freeText = reply(AgentRole.VERIFIER, "Write a haiku.", "Answer: routers hum");
        assertThat(freeText).startsWith("ACCEPT").contains("cannot judge free text");
        assertThat(reply(AgentRole.WORKER, "Write a haiku.")).contains("has no model behind it");
    }
}
