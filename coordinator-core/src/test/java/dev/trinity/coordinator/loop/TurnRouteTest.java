package dev.trinity.coordinator.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Port of route_decision_test's margin and validation cases. */
class TurnRouteTest {

    private static final RouteExtraction X = new RouteExtraction(new int[] {1, 4}, new int[] {1, 2, 4}, "t", 2, 0);

    @Test
    void should_compute_margins_as_top1_minus_top2_of_the_raw_logits() {
        assertThat(TurnRoute.margin(new float[] {1f, 0.5f, -2f, 3.5f, 9f, -1f, 0f})).isEqualTo(5.5);
        assertThat(TurnRoute.margin(new float[] {0.2f, 0.1f, 5.5f})).isEqualTo(5.5 - (double) 0.2f);
        assertThat(TurnRoute.margin(new float[] {4f})).isZero();
        assertThat(TurnRoute.margin(new float[0])).isNaN();
        assertThat(TurnRoute.margin(new float[] {2f, 2f})).isZero();
    }

    @Test
    void should_name_the_role_and_concatenate_logits() {
        TurnRoute route = TurnRoute.of(1, 2, new float[] {0f, 1f}, new float[] {0f, 0f, 3f}, "argmax", "h", X);

        assertThat(route.roleName()).isEqualTo("Verifier");
        assertThat(route.logits()).containsExactly(0f, 1f, 0f, 0f, 3f);
        assertThat(route.agentMargin()).isEqualTo(1.0);
        assertThat(route.roleMargin()).isEqualTo(3.0);
        assertThat(route.transcriptHash()).isEqualTo("h");
    }

    @Test
    void should_reject_choices_outside_the_logits() {
        assertThatThrownBy(() -> TurnRoute.of(2, 0, new float[] {0f, 1f}, new float[] {1f, 0f, 0f}, "argmax", null,
                X)).hasMessageContaining("agentId 2 outside 0..1");
        assertThatThrownBy(() -> TurnRoute.of(0, 3, new float[] {0f, 1f}, new float[] {1f, 0f, 0f}, "argmax", null,
                X)).hasMessageContaining("roleId 3");
    }

    @Test
    void should_not_leak_mutable_logits() {
        float[] logits = {1f, 2f};
        TurnRoute route = TurnRoute.of(1, 0, logits, new float[] {1f, 0f, 0f}, "argmax", null, X);
        logits[1] = -5f;
        route.agentLogits()[1] = -7f;

        assertThat(route.agentLogits()).containsExactly(1f, 2f);
    }
}
