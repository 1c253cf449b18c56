package dev.trinity.coordinator.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.testing.TestFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SnapshotHashesTest {

    private static JsonNode snapshot;
    private static Map<String, List<Message>> messagesById;

    @BeforeAll
    static void readFixtures() throws IOException {
        ObjectMapper json = new ObjectMapper();
        snapshot = json.readTree(TestFiles.resolve("examples/fixtures/qwen_router_prompt_eval_logits.json").toFile());
        JsonNode cases = json.readTree(TestFiles.resolve("examples/fixtures/qwen_router_prompt_eval_cases.json").toFile());
        messagesById = new HashMap<>();
        for (JsonNode c : cases.get("cases")) {
            List<Message> messages = new ArrayList<>();
            for (JsonNode m : c.get("messages")) {
                messages.add(Message.of(m.get("role").asText(), m.get("content").asText()));
            }
            messagesById.put(c.get("id").asText(), messages);
        }
    }

    @Test
    void should_reproduce_all_37_snapshot_transcript_hashes() {
        int checked = 0;
        for (JsonNode c : snapshot.get("cases")) {
            List<Message> messages = messagesById.get(c.get("id").asText());
            assertThat(SnapshotHashes.transcriptHash(messages))
                    .as(c.get("id").asText())
                    .isEqualTo(c.get("transcript_hash").asText());
            checked++;
        }
        assertThat(checked).isEqualTo(37);
    }

    @Test
    void should_reproduce_all_37_snapshot_route_hashes() {
        int checked = 0;
        for (JsonNode c : snapshot.get("cases")) {
            double[] logits = new double[10];
            int i = 0;
            for (JsonNode v : c.get("agent_logits_rounded")) {
                logits[i++] = v.asDouble();
            }
            for (JsonNode v : c.get("role_logits_rounded")) {
                logits[i++] = v.asDouble();
            }
            assertThat(i).isEqualTo(10);
            String expected = c.get("route_hash").asText();
            int agent = c.get("agent_id").asInt();
            int role = c.get("role_id").asInt();
            assertThat(SnapshotHashes.routeHash(agent, role, logits)).as(c.get("id").asText()).isEqualTo(expected);
            // The float entry point gives the same hash whenever the float nearest to each value rounds back to it.
            float[] floats = new float[10];
            boolean roundTrips = true;
            for (int k = 0; k < 10; k++) {
                floats[k] = (float) logits[k];
                roundTrips &= SnapshotHashes.round(floats[k], 6) == logits[k];
            }
            if (roundTrips) {
                assertThat(SnapshotHashes.routeHash(agent, role, floats)).isEqualTo(expected);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(37);
    }

    @Test
    void should_take_the_uncompressed_branch_for_empty_user_as_the_spec_shows() {
        // given the worked example of spec §6.4
        byte[] body = ErlangTerms.encodeBody(List.of(orderedMessage("user", ".")));
        // then the body is byte-exact and 41 bytes; zlib would need 44, so B = 131 + T
        assertThat(HexFormat.of().formatHex(body)).isEqualTo(
                "6c00000001" + "7400000002" + "7704726f6c65" + "6d00000004" + "75736572" + "7707636f6e74656e74"
                        + "6d00000001" + "2e" + "6a");
        assertThat(ErlangTerms.termToBinaryCompressed(List.of(orderedMessage("user", "."))))
                .startsWith((byte) 131, (byte) 0x6c).hasSize(42);
        assertThat(SnapshotHashes.transcriptHash(List.of(Message.user("."))))
                .isEqualTo("2dab4769442a30d79ffcadc3b720ca68a6e2e4dcfd118a0e2828deb395d4731e");
    }

    @Test
    void should_compress_latex_math_at_the_threshold() {
        // latex_math: len(T) = 107, len(Z) = 102 = len(T) - 5, which ERTS still compresses
        List<Message> latex = messagesById.get("latex_math");
        byte[] body = ErlangTerms.encodeBody(termOf(latex));
        byte[] encoded = ErlangTerms.termToBinaryCompressed(termOf(latex));
        assertThat(body).hasSize(107);
        assertThat(encoded[1]).isEqualTo((byte) ErlangTerms.COMPRESSED);
        assertThat(encoded).hasSize(6 + 102);
    }

    @Test
    void should_encode_route_hash_body_as_the_spec_describes() {
        // math_direct: 106-byte body, small ints, then ten NEW_FLOAT_EXT doubles
        double[] logits = {15.854443, 9.122092, 4.819489, 0.056395, 30.22077, -23.630211, 10.418853,
            -7.696819, -15.208102, 4.941882};
        List<Object> rounded = new ArrayList<>();
        for (double v : logits) {
            rounded.add(v);
        }
        byte[] body = ErlangTerms.encodeBody(List.of(4, 2, rounded));
        assertThat(body).hasSize(106);
        assertThat(HexFormat.of().formatHex(body, 0, 15))
                .isEqualTo("6c00000003" + "6104" + "6102" + "6c0000000a" + "46");
        assertThat(SnapshotHashes.routeHash(4, 2, logits))
                .isEqualTo("a6f10d75a70ca4bca93f1c3a689365f28bcc9b293e25ac9643166dc980efcefe");
    }

    @Test
    void should_round_like_elixir_float_round() {
        // ties away from zero on exact binary ties (odd multiples of 1/128 have exact 7-decimal expansions)
        assertThat(SnapshotHashes.round(0.0000005, 6)).isEqualTo(0.0); // the double 5e-7 lies just below the tie
        assertThat(SnapshotHashes.round(1.0 / 128 * 3, 6)).isEqualTo(0.023438); // 0.0234375 exactly
        assertThat(SnapshotHashes.round(-1.0 / 128 * 3, 6)).isEqualTo(-0.023438);
        assertThat(Math.round(0.0234375 * 1e6) / 1e6).isEqualTo(0.023438); // sanity of the tie value
        // sign kept on zero
        assertThat(Double.doubleToRawLongBits(SnapshotHashes.round(-1e-9, 6)))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(SnapshotHashes.round(1e-9, 6))).isEqualTo(0L);
        // exact decimal value of the double is used, not its shortest representation: 2.675 is 2.67499999...
        assertThat(SnapshotHashes.round(2.675, 2)).isEqualTo(2.67);
        // a float widens exactly before rounding: 0.1f = 0.100000001490116...
        assertThat(SnapshotHashes.round(0.1f, 9)).isEqualTo(0.100000001);
        assertThatThrownBy(() -> SnapshotHashes.round(Double.NaN, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_encode_integers_beyond_a_byte() {
        assertThat(HexFormat.of().formatHex(ErlangTerms.encodeBody(256))).isEqualTo("6200000100");
        assertThat(HexFormat.of().formatHex(ErlangTerms.encodeBody(-1))).isEqualTo("62ffffffff");
        assertThat(HexFormat.of().formatHex(ErlangTerms.encodeBody(1L << 32))).isEqualTo("6e05000000000001");
        assertThat(HexFormat.of().formatHex(ErlangTerms.encodeBody(-(1L << 40)))).isEqualTo("6e0601000000000001");
        assertThat(HexFormat.of().formatHex(ErlangTerms.encodeBody(List.of()))).isEqualTo("6a");
    }

    private static List<Object> termOf(List<Message> messages) {
        List<Object> term = new ArrayList<>();
        for (Message m : messages) {
            term.add(orderedMessage(m.role().wireName(), m.content()));
        }
        return term;
    }

    private static Map<Object, Object> orderedMessage(String role, String content) {
        Map<Object, Object> map = new java.util.LinkedHashMap<>();
        map.put(Atom.of("role"), role);
        map.put(Atom.of("content"), content);
        return map;
    }
}
