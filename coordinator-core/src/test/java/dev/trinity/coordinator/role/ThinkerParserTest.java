package dev.trinity.coordinator.role;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThinkerParserTest {

    @Test
    void should_map_solver_to_worker_and_verifier_to_verifier() {
        Optional<ThinkerSuggestion> solver = ThinkerParser.parse(
                "<suggestion> Ask the solver. </suggestion><suggested_role> Solver </suggested_role>");
        Optional<ThinkerSuggestion> verifier = ThinkerParser.parse(
                "<suggested_role>verifier</suggested_role> plan <suggestion>check it</suggestion>");

        assertThat(solver).contains(new ThinkerSuggestion("Ask the solver.", AgentRole.WORKER));
        assertThat(solver.get().role().id()).isZero();
        assertThat(verifier).contains(new ThinkerSuggestion("check it", AgentRole.VERIFIER));
        assertThat(verifier.get().role().id()).isEqualTo(2);
    }

    @Test
    void should_return_nothing_for_invalid_combinations() {
        assertThat(ThinkerParser.parse("<suggestion>x</suggestion><suggested_role>worker</suggested_role>")).isEmpty();
        assertThat(ThinkerParser.parse("<suggestion>x</suggestion><suggested_role>thinker</suggested_role>"))
                .isEmpty();
        assertThat(ThinkerParser.parse("<suggestion>  </suggestion><suggested_role>solver</suggested_role>"))
                .isEmpty();
        assertThat(ThinkerParser.parse("<suggestion>x</suggestion>")).isEmpty();
        assertThat(ThinkerParser.parse("<suggested_role>solver</suggested_role>")).isEmpty();
        assertThat(ThinkerParser.parse("Plan: multiply 6 by 7.")).isEmpty();
        assertThat(ThinkerParser.parse(null)).isEmpty();
    }

    @Test
    void should_extract_the_first_tag_case_sensitively() {
        assertThat(ThinkerParser.extractTag("<a> one </a><a>two</a>", "a")).isEqualTo("one");
        assertThat(ThinkerParser.extractTag("<A>x</A>", "a")).isNull();
        assertThat(ThinkerParser.extractTag("<a>unclosed", "a")).isNull();
        assertThat(ThinkerParser.extractTag("</a>x<a>y</a>", "a")).isEqualTo("y");
    }
}
