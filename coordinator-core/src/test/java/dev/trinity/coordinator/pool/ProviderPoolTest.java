package dev.trinity.coordinator.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.provider.CallContext;
import dev.trinity.coordinator.provider.ChatRequest;
import dev.trinity.coordinator.provider.OpenAiCompatibleProvider;
import dev.trinity.coordinator.provider.ProviderConnectionException;
import dev.trinity.coordinator.provider.ProviderKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ports of provider_pool_test, agent_pool tests and governed_authority_test. */
class ProviderPoolTest {

    @Test
    void should_ship_a_default_pool_of_seven_inexpensive_openai_slots() {
        ProviderPool pool = ProviderPool.defaultPool();

        assertThat(pool.slots()).extracting(SlotSpec::id).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(pool.slots()).allSatisfy(s -> {
            assertThat(s.provider()).isEqualTo(ProviderKind.OPENAI);
            assertThat(s.model()).isEqualTo("gpt-4o-mini").isNotEqualTo("gpt-5");
            assertThat(s.apiKeyEnv()).isEqualTo("OPENAI_API_KEY");
        });
    }

    @Test
    void should_ship_an_all_mock_pool() {
        ProviderPool pool = ProviderPool.mock();

        assertThat(pool.allMock()).isTrue();
        assertThat(pool.slot(4).orElseThrow().model()).isEqualTo("mock-agent-4");
        assertThat(pool.slot(7)).isEmpty();
    }

    @Test
    void should_reject_duplicate_and_non_contiguous_ids() {
        SlotSpec zero = ProviderPool.mock().slots().get(0);
        SlotSpec two = ProviderPool.mock().slots().get(2);

        assertThatThrownBy(() -> new ProviderPool("p", List.of(zero, zero)))
                .hasMessageContaining("duplicate slot id 0");
        assertThatThrownBy(() -> new ProviderPool("p", List.of(zero, two))).hasMessageContaining("slot 1 is missing");
    }

    @Test
    void should_parse_provider_names_and_reject_unknown_ones() {
        assertThat(ProviderKind.parse(" OpenAI_Compatible ")).isEqualTo(ProviderKind.OPENAI_COMPATIBLE);
        assertThatThrownBy(() -> ProviderKind.parse("asm")).hasMessageContaining("unknown provider \"asm\"");
    }

    @Test
    void should_fail_binding_when_a_credential_is_missing_naming_slot_and_variable() {
        assertThatThrownBy(() -> AgentPool.builder(ProviderPool.defaultPool()).build())
                .hasMessageContaining("slot 0 (openai gpt-4o-mini)")
                .hasMessageContaining("OPENAI_API_KEY is not set");
    }

    @Test
    void should_bind_credentials_and_collect_them_for_redaction() {
        AgentPool pool = AgentPool.builder(ProviderPool.defaultPool())
                .credentials(CredentialSource.of(Map.of("OPENAI_API_KEY", "sk-abc"))).build();

        assertThat(pool.secretValues()).containsExactly("sk-abc");
        assertThat(pool.slot(0).orElseThrow().provider()).isInstanceOf(OpenAiCompatibleProvider.class);
        assertThat(pool.slot(0).orElseThrow().provider().baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(pool.slot(0).orElseThrow().provider().toString()).doesNotContain("sk-abc");
        assertThat(pool.allMock()).isFalse();
    }

    @Test
    void should_report_an_unreachable_compatible_server_as_a_typed_error() {
        ProviderPool local = new ProviderPool("local", List.of(new SlotSpec(0, ProviderKind.OPENAI_COMPATIBLE, "m",
                "http://127.0.0.1:9/v1", null, 16, 0.0, 2_000, null)));
        AgentPool pool = AgentPool.builder(local).build();

        assertThatThrownBy(() -> pool.slot(0).orElseThrow().provider().chat(new ChatRequest(
                List.of(Message.user("hi")), "m", 16, 0.0, Duration.ofSeconds(2), CallContext.standalone(0, "Worker"))))
                .isInstanceOf(ProviderConnectionException.class);
    }

    @Test
    void should_materialize_a_governed_packet_without_reading_the_environment() {
        ProviderPool pool = new ProviderPool("gov", List.of(new SlotSpec(0, ProviderKind.OPENAI, "m", null,
                "OPENAI_API_KEY", 128, 0.0, 30_000, null)));
        GovernedAuthority packet = new GovernedAuthority("auth-1", "wf-1", "rt-1", "pool-1", "cred-1", pool,
                "sk-governed", "http://gov.internal/v1", List.of("tenant-42"));

        AgentPool bound = AgentPool.governed(packet, null);

        assertThat(bound.secretValues()).containsExactlyInAnyOrder("tenant-42", "sk-governed",
                "http://gov.internal/v1");
        assertThat(bound.governedAuthorityRef()).contains("auth-1");
        assertThat(packet.toString()).doesNotContain("sk-governed");
        assertThat(packet.effectivePool().slot(0).orElseThrow().apiKeyEnv()).isEqualTo("cred-1");
        assertThat(bound.slot(0).orElseThrow().provider().baseUrl()).isEqualTo("http://gov.internal/v1");
    }

    @Test
    void should_reject_incomplete_or_mocked_governed_packets() {
        assertThatThrownBy(() -> new GovernedAuthority("a", "w", "r", "p", " ", ProviderPool.mock(), "k", null,
                List.of())).hasMessageContaining("credential_ref is missing");
        assertThatThrownBy(() -> new GovernedAuthority("a", "w", "r", "p", "c", null, "k", null, List.of()))
                .hasMessageContaining("provider_pool is required");
        GovernedAuthority mocked = new GovernedAuthority("a", "w", "r", "p", "c", ProviderPool.mock(), "k", null,
                List.of());
        assertThatThrownBy(() -> AgentPool.governed(mocked, null)).hasMessageContaining("cannot be mocked");
    }
}
