package dev.trinity.coordinator.role;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.MessageRole;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoleInjectorTest {

    @Test
    void should_prepend_one_system_message_and_keep_existing_system_messages() {
        List<Message> messages = List.of(Message.system("house rules"), Message.user("hi"));

        List<Message> injected = RoleInjector.inject(messages, "Verifier");

        assertThat(injected).hasSize(3);
        assertThat(injected.get(0).role()).isEqualTo(MessageRole.SYSTEM);
        assertThat(injected.get(0).content()).contains("Start your response with exactly ACCEPT or REVISE");
        assertThat(injected.subList(1, 3)).isEqualTo(messages);
        assertThat(messages).hasSize(2);
    }

    @Test
    void should_carry_the_role_contracts() {
        assertThat(RoleInjector.promptFor("Thinker")).contains("Analyze the current state");
        assertThat(RoleInjector.promptFor("worker")).contains("Execute the next");
        assertThat(RoleInjector.promptFor("v")).contains("Start your response with exactly ACCEPT or REVISE");
        assertThat(RoleInjector.promptFor("Planner")).isEqualTo("You are a helpful assistant.");
        assertThat(RoleInjector.promptFor((String) null)).isEqualTo("You are a helpful assistant.");
    }

    @Test
    void should_resolve_aliases_like_the_reference() {
        for (String alias : new String[] {"0", "w", " Worker ", "SOLVER"}) {
            assertThat(AgentRole.canonicalName(alias)).isEqualTo("Worker");
        }
        for (String alias : new String[] {"1", "t", "thinker"}) {
            assertThat(AgentRole.canonicalName(alias)).isEqualTo("Thinker");
        }
        for (String alias : new String[] {"2", "V", "verifier"}) {
            assertThat(AgentRole.canonicalName(alias)).isEqualTo("Verifier");
        }
        assertThat(AgentRole.canonicalName(" Planner ")).isEqualTo(" Planner ");
        assertThat(AgentRole.canonicalName(null)).isEqualTo("nil");
    }

    @Test
    void should_name_role_ids_in_checkpoint_order() {
        assertThat(AgentRole.nameOf(0)).isEqualTo("Worker");
        assertThat(AgentRole.nameOf(1)).isEqualTo("Thinker");
        assertThat(AgentRole.nameOf(2)).isEqualTo("Verifier");
        assertThat(AgentRole.nameOf(3)).isEqualTo("UnknownRole");
        assertThat(AgentRole.WORKER.wireName()).isEqualTo("worker");
    }
}
