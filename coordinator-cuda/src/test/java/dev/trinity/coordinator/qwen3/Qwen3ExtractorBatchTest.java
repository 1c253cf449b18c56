package dev.trinity.coordinator.qwen3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.adapted.Installation;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.route.HiddenState;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Qwen3Extractor#extractAll}: one padded forward gives what one-at-a-time extraction gives. */
class Qwen3ExtractorBatchTest {

    private static Qwen3Extractor extractor;

    @BeforeAll
    static void load() throws IOException {
        extractor = Qwen3Extractor.load(Installation.resolve(Installation.TINY_MODEL),
                Qwen3Options.builder().device(DeviceSpec.CPU).threads(2).build());
    }

    @AfterAll
    static void close() {
        extractor.close();
    }

    @Test
    void a_batch_of_different_lengths_matches_single_extraction() {
        // given: lengths 1 token, a few tokens, and a two-message conversation
        List<List<Message>> conversations = List.of(
                List.of(Message.user(".")),
                List.of(Message.user("What is 17 + 25? Answer briefly.")),
                List.of(Message.user("Fix the bug."), Message.assistant("Which file is it in, and what fails?")));

        // when
        List<HiddenState> batch = extractor.extractAll(conversations);

        // then
        assertThat(batch).hasSize(3);
        for (int i = 0; i < conversations.size(); i++) {
            HiddenState single = extractor.extract(conversations.get(i));
            assertThat(batch.get(i).inputIds()).containsExactly(single.inputIds());
            assertThat(batch.get(i).hiddenIndex()).isEqualTo(single.hiddenIndex());
            float[] a = batch.get(i).vector();
            float[] b = single.vector();
            assertThat(a).hasSameSizeAs(b);
            for (int j = 0; j < a.length; j++) {
                assertThat(Math.abs(a[j] - b[j])).as("conversation %d, value %d", i, j).isLessThanOrEqualTo(1e-4f);
            }
        }
    }

    @Test
    void empty_input_gives_no_states_and_an_empty_conversation_is_refused() {
        assertThat(extractor.extractAll(List.of())).isEmpty();
        assertThatThrownBy(() -> extractor.extractAll(List.of(List.of(Message.user("x")), List.of())))
                .hasMessage("cannot route an empty conversation (batch entry 1)");
    }
}
