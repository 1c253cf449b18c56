package dev.trinity.coordinator.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.conversation.Message;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The golden vectors of the runtime spec §9.6.
 *
 * <p>Merged from the former {@code trace.TraceHashTest}: its text and message vectors were the same twelve as here
 * (its role-only vector is {@link #should_normalize_a_missing_content_to_the_string_nil()}); its string-keyed and
 * compression checks are the last two tests.
 */
class TraceHashTest {

    @Test
    void should_match_the_text_golden_vectors() {
        assertThat(TraceHash.text("")).isEqualTo("90f8dda9941c77ee4c3e5bc5836d26e1fc38603c9b8edad9617de583a1bdf43f");
        assertThat(TraceHash.text("hello"))
                .isEqualTo("672c38cec72380a57d58004daf473f42bd0ca9f94ee9dbc711b11156e2f41107");
        assertThat(TraceHash.text("ACCEPT"))
                .isEqualTo("2bffcf814329d15faedcea4141dc086947fb29a094265f0b712462c611c4507d");
        assertThat(TraceHash.text("Result: 6 * 7 = 42."))
                .isEqualTo("c12bb32a90fd0618a238f915cb51f4fbf9ff82fe5ed9b6c1a8493ddbcd172fe9");
        assertThat(TraceHash.text("Ünïcødé ✓"))
                .isEqualTo("72292f915fc000eee48d5d92ec1cac3d30544569f99ca2f2a4bc6360e08f7abd");
        String fox = "The quick brown fox. ".repeat(40);
        assertThat(ErlangTerms.termToBinaryCompressed(Map.of("text", fox))[1]).isEqualTo((byte) 80);
        assertThat(TraceHash.text(fox))
                .isEqualTo("d279233249a39d087f4357a73f9bd2f411f696e9f31772d8112f02280dd3598d");
    }

    @Test
    void should_match_the_messages_golden_vectors() {
        assertThat(TraceHash.messages(List.of()))
                .isEqualTo("4309bcba566dde47811c47fa17eda8251761909a39934d3ae48cb5fb2f90cb14");
        assertThat(TraceHash.messages(List.of(Message.user("hello"))))
                .isEqualTo("f08a41138f0ae20bd9529ec45f6bccf323fd400841a625fae74682481abe83f3");
        assertThat(TraceHash.messages(List.of(Message.user("test prompt"))))
                .isEqualTo("4f2add6db4f941a0f06ac58979e6988b7d010d020f4361ff364d55a1db1bcaf9");
        assertThat(TraceHash.messages(List.of(Message.user("Hello"), Message.assistant("Bye"))))
                .isEqualTo("a730629601e3851f8df750e3edbd22829038765d7571a30f699f1fc4e79a12e4");
        assertThat(TraceHash.messages(List.of(Message.user("Select a TRINITY role for this reasoning task."))))
                .isEqualTo("160f3555f85542c01df2f5018270f1bd3ebe1e9f6ea19b54a8c44057b55d0244");
    }

    @Test
    void should_normalize_a_missing_content_to_the_string_nil() {
        // messages([{role "user"}]): the missing content is nil, normalized to "nil"
        Map<String, Object> message = new HashMap<>();
        message.put("role", "user");
        message.put("content", null);
        assertThat(TraceHash.term(List.of(message)))
                .isEqualTo("5fc35a250c1eb74e6ef29e786f0f403400a085e2b5f90f4ec93dd3b09d868cab");
    }

    @Test
    void should_agree_between_term_and_messages_whatever_the_key_order() {
        Map<Object, Object> reversed = new LinkedHashMap<>();
        reversed.put(Atom.of("role"), "user");
        reversed.put(Atom.of("content"), "hello");
        assertThat(TraceHash.term(List.of(reversed))).isEqualTo(TraceHash.messages(List.of(Message.user("hello"))));
        assertThat(TraceHash.term(Map.of("text", "hello"))).isEqualTo(TraceHash.text("hello"));
    }

    @Test
    void should_write_string_keys_bytewise_ascending() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("role", "r");
        map.put("content", "c");
        map.put("b", true);
        Object normalized = TraceHash.normalize(map);
        assertThat(List.copyOf(((Map<?, ?>) normalized).keySet())).isEqualTo(List.of("b", "content", "role"));
        assertThat(((Map<?, ?>) normalized).get("b")).isEqualTo("true");
        assertThat(HexFormat.of().formatHex(ErlangTerms.encodeBody(TraceHash.normalize(new Object[] {1, "x"}))))
                .isEqualTo("6c00000002" + "6101" + "6d0000000178" + "6a");
        Map<String, Object> big = new HashMap<>();
        for (int i = 0; i < 33; i++) {
            big.put("k" + i, i);
        }
        assertThatThrownBy(() -> TraceHash.term(big)).hasMessageContaining("33 keys");
    }

    @Test
    void should_hash_string_keyed_maps_and_typed_messages_alike() {
        assertThat(TraceHash.term(List.of(Map.of("role", "user", "content", "hello"))))
                .isEqualTo(TraceHash.messages(List.of(Message.user("hello"))));
    }

    @Test
    void should_compress_only_when_it_saves_five_bytes() {
        byte[] small = ErlangTerms.termToBinaryCompressed(Map.of("text", "hello"));
        byte[] large = ErlangTerms.termToBinaryCompressed(Map.of("text", "ab".repeat(200)));

        assertThat(small[0] & 0xff).isEqualTo(131);
        assertThat(small[1] & 0xff).isEqualTo(116);
        assertThat(large[1] & 0xff).isEqualTo(80);
        assertThat(((large[2] & 0xff) << 24) | ((large[3] & 0xff) << 16) | ((large[4] & 0xff) << 8)
                | (large[5] & 0xff)).isEqualTo(1 + 4 + 1 + 4 + 4 + 1 + 4 + 400);
    }
}
