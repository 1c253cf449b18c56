package dev.trinity.coordinator.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.adapted.Installation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QwenTokenizerTest {

    private static QwenTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        tokenizer = QwenTokenizer.load(Installation.resolve(Installation.TINY_MODEL));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void reference_strings_give_the_reference_ids() throws Exception {
        assertThat(tokenizer.encode("user: What is 17 + 25? Answer briefly."))
                .containsExactly(872, 25, 3555, 374, 220, 16, 22, 488, 220, 17, 20, 30, 21806, 26753, 13);
        assertThat(tokenizer.encode("user: .")).containsExactly(872, 25, 659);
        int[] ids = tokenizer.encode("user: Select a TRINITY role for this reasoning task.");
        assertThat(ids).containsExactly(872, 25, 8427, 264, 4984, 687, 3333, 3476, 369, 419, 32711, 3383, 13);
        String json = Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(json.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("2f6c06666471f42b481bb881d0784a13387990de5a2a1f09baa8bde6bc48c658");
    }

    @Test
    void golden_fixture_texts_give_the_fixture_ids_including_special_tokens_and_long_text() throws IOException {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/qwen3-tiny/golden.json")) {
            golden = new ObjectMapper().readTree(in);
        }
        for (JsonNode c : golden.get("cases")) {
            int[] expected = new int[c.get("input_ids").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = c.get("input_ids").get(i).asInt();
            }
            int[] actual = tokenizer.encode(c.get("text").asText());
            // Long cases are the first N tokens of a longer text: no truncation may happen (DJL's default is 512).
            assertThat(actual.length).as(c.get("name").asText()).isGreaterThanOrEqualTo(expected.length);
            assertThat(Arrays.copyOf(actual, expected.length)).as(c.get("name").asText()).containsExactly(expected);
        }
    }

    @Test
    void long_input_is_never_truncated() {
        String text = "word ".repeat(3000);
        assertThat(tokenizer.count(text)).isGreaterThan(2000);
    }

    @Test
    void missing_tokenizer_names_the_path(@TempDir Path dir) {
        assertThatThrownBy(() -> QwenTokenizer.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("tokenizer.json").toString());
    }
}
