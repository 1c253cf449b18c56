package dev.trinity.coordinator.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationStoreTest {

    @Test
    void should_append_in_order_and_return_immutable_snapshots() {
        ConversationStore store = new ConversationStore(List.of(Message.user("hi")));
        List<Message> before = store.messages();

        store.appendAssistant("hello");
        store.append("system", "note");

        assertThat(before).containsExactly(Message.user("hi"));
        assertThat(store.messages()).containsExactly(Message.user("hi"), Message.assistant("hello"),
                Message.system("note"));
        assertThatThrownBy(() -> store.messages().add(Message.user("x")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void should_reject_unsupported_roles_naming_them() {
        ConversationStore store = new ConversationStore();

        assertThatThrownBy(() -> store.append("tool", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported message role")
                .hasMessageContaining("tool");
        assertThat(store.size()).isZero();
    }

    @Test
    void should_find_the_last_assistant_message() {
        ConversationStore store = new ConversationStore();
        assertThat(store.lastAssistantContent()).isNull();

        store.appendAssistant("one");
        store.appendUser("u");
        store.appendAssistant("two");
        store.appendUser("u2");

        assertThat(store.lastAssistantContent()).isEqualTo("two");
    }
}
