package dev.trinity.coordinator.role;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VerifierParserTest {

    static Stream<Arguments> goldenTable() {
        return Stream.of(
                Arguments.of("ACCEPT", VerifierStatus.ACCEPTED, "ACCEPT", null),
                Arguments.of("accept", VerifierStatus.ACCEPTED, "ACCEPT", null),
                Arguments.of("ACCEPT: ok", VerifierStatus.ACCEPTED, "ACCEPT", "ok"),
                Arguments.of("  Accept - fine  ", VerifierStatus.ACCEPTED, "ACCEPT", "fine"),
                Arguments.of("ACCEPT\u2014great", VerifierStatus.ACCEPTED, "ACCEPT", "great"),
                Arguments.of("ACCEPT\nlooks good", VerifierStatus.ACCEPTED, "ACCEPT", "looks good"),
                Arguments.of("ACCEPT\r\nx", VerifierStatus.ACCEPTED, "ACCEPT", "x"),
                Arguments.of("ACCEPT: - ok", VerifierStatus.ACCEPTED, "ACCEPT", "ok"),
                Arguments.of("ACCEPT :: -- ok", VerifierStatus.ACCEPTED, "ACCEPT", "ok"),
                Arguments.of("ACCEPT\tx", VerifierStatus.UNKNOWN, null, "ACCEPT\tx"),
                Arguments.of("ACCEPT.", VerifierStatus.UNKNOWN, null, "ACCEPT."),
                Arguments.of("ACCEPTED", VerifierStatus.UNKNOWN, null, "ACCEPTED"),
                Arguments.of("I ACCEPT", VerifierStatus.UNKNOWN, null, "I ACCEPT"),
                Arguments.of("not ACCEPT", VerifierStatus.UNKNOWN, null, "not ACCEPT"),
                Arguments.of("status: ACCEPT", VerifierStatus.UNKNOWN, null, "status: ACCEPT"),
                Arguments.of("REVISE", VerifierStatus.REVISED, "REVISE", null),
                Arguments.of(" revise - arithmetic error in step 2 ", VerifierStatus.REVISED, "REVISE",
                        "arithmetic error in step 2"),
                Arguments.of("REVISE - : odd", VerifierStatus.REVISED, "REVISE", ": odd"),
                Arguments.of("", VerifierStatus.UNKNOWN, null, null),
                Arguments.of("   ", VerifierStatus.UNKNOWN, null, null),
                Arguments.of("DONE: verified", VerifierStatus.UNKNOWN, null, "DONE: verified"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("goldenTable")
    void should_match_the_reference_golden_table(String input, VerifierStatus status, String token,
                                                 String diagnosis) {
        VerifierVerdict verdict = VerifierParser.parse(input);

        assertThat(verdict.status()).isEqualTo(status);
        assertThat(verdict.token()).isEqualTo(token);
        assertThat(verdict.diagnosis()).isEqualTo(diagnosis);
        assertThat(verdict.raw()).isEqualTo(input.strip());
    }

    @Test
    void should_accept_a_custom_stop_token_in_any_case() {
        for (String stop : new String[] {"DONE", "done", " done "}) {
            VerifierVerdict verdict = VerifierParser.parse("DONE: verified", stop, null);
            assertThat(verdict.status()).isEqualTo(VerifierStatus.ACCEPTED);
            assertThat(verdict.token()).isEqualTo("DONE");
            assertThat(verdict.diagnosis()).isEqualTo("verified");
        }
    }

    @Test
    void should_not_accept_ACCEPT_when_the_stop_token_is_different() {
        VerifierVerdict verdict = VerifierParser.parse("ACCEPT", "DONE", null);

        assertThat(verdict.status()).isEqualTo(VerifierStatus.UNKNOWN);
        assertThat(verdict.token()).isNull();
        assertThat(verdict.diagnosis()).isEqualTo("ACCEPT");
    }

    @Test
    void should_treat_unknown_as_revised_never_accepted() {
        assertThat(VerifierStatus.UNKNOWN.safe()).isEqualTo(VerifierStatus.REVISED);
        assertThat(VerifierParser.parse("ACCEPTED").accepted()).isFalse();
        assertThat(VerifierParser.parse("accept: fine").accepted()).isTrue();
    }

    @Test
    void should_recognise_verifier_role_names() {
        assertThat(VerifierParser.isVerifierRole(" Verifier ")).isTrue();
        assertThat(VerifierParser.isVerifierRole("V")).isTrue();
        assertThat(VerifierParser.isVerifierRole("worker")).isFalse();
        assertThat(VerifierParser.isVerifierRole(null)).isFalse();
        assertThat(VerifierParser.accepted("verifier", "ACCEPT", null)).isTrue();
        assertThat(VerifierParser.accepted("worker", "ACCEPT", null)).isFalse();
    }
}
