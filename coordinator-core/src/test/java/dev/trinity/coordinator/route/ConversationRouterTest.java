package dev.trinity.coordinator.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.hash.TraceHash;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationRouterTest {

    /** A stand-in model: every conversation maps to a vector of 0.5s, as in the tiny artifact's worked example. */
    private static class HalfExtractor implements HiddenStateExtractor {
        private final int hidden;

        HalfExtractor(int hidden) {
            this.hidden = hidden;
        }

        @Override
        public HiddenState extract(List<Message> messages) {
            float[] v = new float[hidden];
            Arrays.fill(v, 0.5f);
            return new HiddenState(v, new int[] {872, 25, 659}, 1, "cpu()", "float32",
                    new HiddenState.Timings(0.1, 1.0));
        }

        @Override
        public int hiddenSize() {
            return hidden;
        }
    }

    private static RouterHead tinyHead() {
        float[] w = new float[40];
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 8; c++) {
                w[r * 8 + c] = (float) (0.1 * (r + 1) + 0.01 * (c + 1));
            }
        }
        return RouterHead.of(w, 5, 8);
    }

    @Test
    void should_refuse_a_hidden_state_holding_nan_or_infinity() {
        HiddenStateExtractor corrupt = new HalfExtractor(8) {
            @Override
            public HiddenState extract(List<Message> messages) {
                float[] v = new float[8];
                v[5] = Float.NaN;
                return new HiddenState(v, new int[] {872, 25}, 0, "cpu()", "float32", new HiddenState.Timings(0, 0));
            }
        };
        ConversationRouter router = ConversationRouter.of(corrupt, tinyHead(), null);

        assertThatThrownBy(() -> router.route(List.of(Message.user("."))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the model produced a hidden state holding NaN (value 5 of 8, 2 tokens)")
                .hasMessageContaining("--verify-hashes");
        float[] huge = new float[8];
        Arrays.fill(huge, Float.MAX_VALUE);
        assertThatThrownBy(() -> tinyHead().route(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("router logit 0 is Infinity");
    }

    @Test
    void should_route_a_conversation_with_hashes_and_identity() {
        ArtifactIdentity identity = new ArtifactIdentity("m".repeat(64), "/b/manifest.json", "synthetic/tiny-router",
                "Bumblebee.Text.Synthetic", "for_routing_only", "0".repeat(64));
        ConversationRouter router = ConversationRouter.of(new HalfExtractor(8), tinyHead(), identity);
        List<Message> messages = List.of(Message.user("."));
        RoutedConversation routed = router.route(messages);

        assertThat(routed.decision().agentId()).isEqualTo(1);
        assertThat(routed.decision().roleName()).isEqualTo("Verifier");
        // trace variant (string keys) on the decision; snapshot variant (atom keys) on request
        assertThat(routed.decision().transcriptHash())
                .isEqualTo(TraceHash.messages(messages));
        assertThat(routed.snapshotTranscriptHash())
                .isEqualTo("2dab4769442a30d79ffcadc3b720ca68a6e2e4dcfd118a0e2828deb395d4731e");
        assertThat(routed.decision().artifactIdentity()).isEqualTo(identity);
        assertThat(routed.routeHash()).hasSize(64).isEqualTo(router.route(messages).routeHash());
        assertThat(routed.hidden().tokenCount()).isEqualTo(3);
    }

    @Test
    void should_refuse_a_head_for_another_hidden_size_and_empty_conversations() {
        assertThatThrownBy(() -> ConversationRouter.of(new HalfExtractor(16), tinyHead(), null))
                .hasMessageContaining("router head expects hidden size 8 but the model gives 16");
        ConversationRouter router = ConversationRouter.of(new HalfExtractor(8), tinyHead(), null);
        assertThatThrownBy(() -> router.route(List.of())).hasMessageContaining("empty conversation");
    }
}
