package dev.trinity.coordinator.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private record Credentials(String user, String apiKey, Map<String, Object> extra) {
    }

    @Test
    void should_redact_secret_keys_at_any_depth_keeping_their_spelling() {
        Object redacted = Redactor.keysOnly().redact(Map.of("outer", List.of(Map.of("API_KEY", 42,
                "Authorization", "x", "password", List.of("a"), "secret", Map.of("k", "v"), "token", "t",
                "keep", "visible"))));

        assertThat(redacted).isEqualTo(Map.of("outer", List.of(Map.of("API_KEY", "<redacted>",
                "Authorization", "<redacted>", "password", "<redacted>", "secret", "<redacted>",
                "token", "<redacted>", "keep", "visible"))));
    }

    @Test
    void should_redact_bearer_strings_but_not_the_word_alone() {
        Redactor redactor = Redactor.keysOnly();

        assertThat(redactor.redact("Authorization: bearer abc")).isEqualTo("<redacted>");
        assertThat(redactor.redact("BEARER xyz")).isEqualTo("<redacted>");
        assertThat(redactor.redact("Bearer")).isEqualTo("Bearer");
    }

    @Test
    void should_scrub_configured_values_in_arrays_records_optionals_and_exception_messages() {
        Redactor redactor = new Redactor(List.of("sk-live-999", " https://private.example/v1 ", " "));
        Exception error = new IllegalStateException("call to https://private.example/v1 failed with sk-live-999",
                new RuntimeException("cause sk-live-999"));

        Object redacted = redactor.redact(Map.of(
                "array", new String[] {"x sk-live-999 y"},
                "floats", new float[] {0.1f},
                "record", new Credentials("bob", "sk-live-999", Map.of("token", "t")),
                "optional", Optional.of("sk-live-999"),
                "error", error));

        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) redacted;
        assertThat(map.get("array")).isEqualTo(List.of("x <redacted> y"));
        assertThat(map.get("floats")).isEqualTo(List.of(0.10000000149011612));
        assertThat(map.get("record")).isEqualTo(Map.of("user", "bob", "apiKey", "<redacted>",
                "extra", Map.of("token", "<redacted>")));
        assertThat(map.get("optional")).isEqualTo("<redacted>");
        assertThat(map.get("error")).isEqualTo(Map.of("type", "IllegalStateException",
                "message", "call to <redacted> failed with <redacted>",
                "cause", Map.of("type", "RuntimeException", "message", "cause <redacted>")));
        assertThat(String.valueOf(redacted)).doesNotContain("sk-live-999").doesNotContain("private.example");
    }

    @Test
    void should_make_non_finite_numbers_json_safe() {
        assertThat(Redactor.keysOnly().redact(List.of(Double.NaN, 1.5f, 2))).isEqualTo(List.of("NaN", 1.5, 2));
    }
}
