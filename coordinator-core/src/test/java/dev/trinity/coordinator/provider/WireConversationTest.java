package dev.trinity.coordinator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.MessageRole;
import dev.trinity.coordinator.testing.StrictChatServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireConversationTest {

    private static List<String> roles(List<Message> messages) {
        return messages.stream().map(m -> m.role().wireName()).toList();
    }

    @Test
    void a_first_turn_goes_out_unchanged() {
        List<Message> request = List.of(Message.system("You are the Worker."), Message.user("6*7?"));

        WireConversation wire = WireConversation.of(request);

        assertThat(wire.withSystemMessage()).isEqualTo(request);
        assertThat(wire.system()).isEqualTo("You are the Worker.");
    }

    @Test
    void earlier_replies_are_presented_in_the_last_user_turn_numbered_oldest_first() {
        List<Message> request = List.of(Message.system("You are the Verifier."), Message.user("6*7?"),
                Message.assistant("Plan: multiply."), Message.assistant("Result: 42"));

        List<Message> wire = WireConversation.of(request).withSystemMessage();

        assertThat(roles(wire)).containsExactly("system", "user");
        assertThat(wire.get(1).content()).isEqualTo("6*7?\n\n" + WireConversation.REPLIES_HEADING
                + "\n\n[reply 1, by an agent of the team]\nPlan: multiply."
                + "\n\n[reply 2, by an agent of the team]\nResult: 42");
        assertThat(StrictChatServer.violation(roles(request))).startsWith("Cannot have 2 or more assistant");
        assertThat(StrictChatServer.violation(roles(wire))).isNull();
    }

    @Test
    void the_next_turns_request_extends_this_ones_so_a_servers_prompt_cache_reuses_it() {
        List<Message> now = List.of(Message.system("You are the Thinker."), Message.user("6*7?"),
                Message.assistant("Plan: multiply."), Message.assistant("Result: 42"));
        List<Message> next = new ArrayList<>(now);
        next.add(Message.assistant("Plan: check it."));

        String text = WireConversation.of(now).turns().get(0).content();
        String nextText = WireConversation.of(next).turns().get(0).content();

        assertThat(nextText).startsWith(text).endsWith("[reply 3, by an agent of the team]\nPlan: check it.");
    }

    @Test
    void a_seeded_chat_keeps_its_turns_and_only_trailing_replies_move() {
        List<Message> request = List.of(Message.system("role prompt"), Message.system("house rules"),
                Message.user("hi"), Message.assistant("hello"), Message.user("6*7?"), Message.user("briefly"),
                Message.assistant("42"));

        WireConversation wire = WireConversation.of(request);

        assertThat(wire.system()).isEqualTo("role prompt\n\nhouse rules");
        assertThat(roles(wire.turns())).containsExactly("user", "assistant", "user");
        assertThat(wire.turns().get(1).content()).isEqualTo("hello");
        assertThat(wire.turns().get(2).content()).startsWith("6*7?\n\nbriefly\n\n" + WireConversation.REPLIES_HEADING)
                .endsWith("]\n42");
    }

    @Test
    void replies_before_any_user_message_open_the_first_user_turn() {
        WireConversation onlyReplies = WireConversation.of(List.of(Message.assistant("a"), Message.assistant("b")));
        assertThat(onlyReplies.system()).isNull();
        assertThat(onlyReplies.turns()).singleElement().satisfies(m -> {
            assertThat(m.role()).isEqualTo(MessageRole.USER);
            assertThat(m.content()).contains("[reply 1, by").contains("[reply 2, by");
        });
        WireConversation leading = WireConversation.of(List.of(Message.assistant("a"), Message.user("q")));
        assertThat(leading.turns()).singleElement().extracting(Message::content)
                .isEqualTo(WireConversation.REPLIES_HEADING + "\n\n[reply 1, by an agent of the team]\na\n\nq");
    }

    @Test
    void the_record_refuses_shapes_strict_servers_refuse() {
        assertThatThrownBy(() -> new WireConversation(null, List.of(Message.user("a"), Message.assistant("b"))))
                .hasMessageContaining("start and end with a user message");
        assertThatThrownBy(() -> new WireConversation(null, List.of(Message.user("a"), Message.user("b"))))
                .hasMessageContaining("wire turn 1 is user, expected assistant");
    }
}
