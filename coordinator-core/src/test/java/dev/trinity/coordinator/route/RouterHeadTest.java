package dev.trinity.coordinator.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trinity.coordinator.role.AgentRole;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import dev.trinity.coordinator.testing.TestFiles;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterHeadTest {

    /** The reference's tiny head (spec §4.6): W[r][c] = 0.1 (r + 1) + 0.01 (c + 1), {5, 8}. */
    private static float[] tinyWeights() {
        float[] w = new float[40];
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 8; c++) {
                w[r * 8 + c] = (float) (0.1 * (r + 1) + 0.01 * (c + 1));
            }
        }
        return w;
    }

    @Test
    void should_route_the_tiny_reference_head_as_the_spec_states() throws IOException {
        // given the head read from the reference's tiny artifact
        float[] weights;
        try (SafetensorsFile file = SafetensorsFile.open(TestFiles.resolve(
                "coordinator-core/src/test/resources/tiny-artifact/router_head.safetensors"))) {
            weights = file.readFloats("trinity_router_head");
        }
        assertThat(weights).containsExactly(tinyWeights());
        RouterHead head = RouterHead.of(weights, 5, 8);
        float[] half = new float[8];
        Arrays.fill(half, 0.5f);
        // when
        RouteDecision decision = head.route(half);
        // then logits ≈ [0.58, 0.98, 1.38, 1.78, 2.18], agent 1, role 2 (Verifier), both margins 0.4
        assertThat(head.numAgents()).isEqualTo(2);
        float[] logits = decision.logits();
        float[] expected = {0.58f, 0.98f, 1.38f, 1.78f, 2.18f};
        for (int i = 0; i < 5; i++) {
            assertThat(logits[i]).isCloseTo(expected[i], within(1e-6f));
        }
        assertThat(decision.agentId()).isEqualTo(1);
        assertThat(decision.roleId()).isEqualTo(2);
        assertThat(decision.roleName()).isEqualTo("Verifier");
        assertThat(decision.agentMargin()).isCloseTo(0.4, within(1e-6));
        assertThat(decision.roleMargin()).isCloseTo(0.4, within(1e-6));
        assertThat(decision.agentLogits()).hasSize(2);
        assertThat(decision.roleLogits()).hasSize(3);
        assertThat(decision.agentSelection()).isEqualTo(SelectionMode.ARGMAX);
        assertThat(decision.agentProbabilities()).isNull();
    }

    @Test
    void should_compute_margins_in_double_from_float_logits() {
        // the snapshot's math_direct agent margin: f32(30.22077) - f32(15.854443) taken in double
        float[] agent = {15.854443f, 9.122092f, 4.819489f, 0.056395f, 30.22077f, -23.630211f, 10.418853f};
        assertThat(RouterHead.margin(agent)).isEqualTo(14.366327285766602);
        // (the snapshot keeps only 6 decimals of the role logits, so their floats are known to about 1e-6)
        assertThat(RouterHead.margin(new float[] {-7.696819f, -15.208102f, 4.941882f}))
                .isCloseTo(12.638701438903809, within(2e-6));
        // runtime spec §9.7 examples and the single-value rule
        assertThat(RouterHead.margin(new double[] {1, 0.5, -2, 3.5, 9, -1, 0})).isEqualTo(5.5);
        assertThat(RouterHead.margin(new double[] {0.2, 0.1, 5.5})).isCloseTo(5.3, within(1e-12));
        assertThat(RouterHead.margin(new double[] {3.0})).isEqualTo(0.0);
        assertThat(RouterHead.margin(new double[] {2.0, 2.0})).isEqualTo(0.0);
    }

    @Test
    void should_break_ties_toward_the_lowest_index() {
        RouteDecision decision = RouterHead.decide(new float[] {1f, 3f, 3f, 0f, 2f, 2f}, 3,
                RoutingOptions.defaults());
        assertThat(decision.agentId()).isEqualTo(1);
        assertThat(decision.roleId()).isEqualTo(1);
        assertThat(decision.agentMargin()).isEqualTo(0.0);
        RouteDecision soft = RouterHead.decide(new float[] {1f, 3f, 3f, 0f, 2f, 2f}, 3,
                RoutingOptions.builder().agentSelection("Softmax-Argmax").roleSelection("softmax").build());
        assertThat(soft.agentId()).isEqualTo(1);
        assertThat(soft.roleId()).isEqualTo(1);
    }

    @Test
    void should_return_softmax_probabilities_at_the_temperature() {
        RoutingOptions options = RoutingOptions.builder().agentSelection(SelectionMode.SOFTMAX)
                .temperature(2.0).returnProbabilities(true).build();
        RouteDecision decision = RouterHead.decide(new float[] {0f, (float) Math.log(4) * 2, 1f, 1f, 1f}, 2, options);
        assertThat(decision.agentId()).isEqualTo(1);
        assertThat(decision.agentProbabilities()).containsExactly(new double[] {0.2, 0.8}, within(1e-7));
        assertThat(decision.roleProbabilities()).containsExactly(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0},
                within(1e-12));
    }

    @Test
    void should_sample_reproducibly_from_the_seed_with_role_and_agent_streams_apart() {
        float[] logits = {1f, 1.2f, 0.8f, 1.1f, 0.9f, 1f, 1.05f, 0.5f, 0.6f, 0.55f};
        RoutingOptions options = RoutingOptions.builder().agentSelection("sample").roleSelection("SAMPLE").seed(42L)
                .build();
        RouteDecision first = RouterHead.decide(logits, 7, options);
        assertThat(RouterHead.decide(logits, 7, options)).isEqualTo(first);
        // the draws follow the documented streams: SplittableRandom(seed) and SplittableRandom(seed + 17)
        double agentDraw = new java.util.SplittableRandom(42L).nextDouble();
        double roleDraw = new java.util.SplittableRandom(59L).nextDouble();
        assertThat(first.agentId()).isEqualTo(firstReaching(
                RouterHead.softmax(widen(logits, 0, 7), 1.0), agentDraw));
        assertThat(first.roleId()).isEqualTo(firstReaching(RouterHead.softmax(widen(logits, 7, 10), 1.0), roleDraw));
        // over many seeds every agent gets picked at roughly its probability
        int[] counts = new int[7];
        for (long seed = 0; seed < 7000; seed++) {
            counts[RouterHead.decide(logits, 7, options.toBuilder().seed(seed).build()).agentId()]++;
        }
        double[] p = RouterHead.softmax(widen(logits, 0, 7), 1.0);
        for (int i = 0; i < 7; i++) {
            assertThat(counts[i] / 7000.0).isCloseTo(p[i], within(0.03));
        }
    }

    @Test
    void should_reject_bad_options_with_the_reference_texts() {
        assertThatThrownBy(() -> RoutingOptions.builder().agentSelection("greedy"))
                .hasMessage("agent_selection must be :argmax, :softmax, :softmax_argmax, or :sample, got \"greedy\"");
        assertThatThrownBy(() -> RoutingOptions.builder().roleSelection((String) null))
                .hasMessage("role_selection must be :argmax, :softmax, :softmax_argmax, or :sample, got nil");
        assertThatThrownBy(() -> RoutingOptions.builder().temperature(0).build())
                .hasMessageStartingWith("temperature must be a positive number");
        assertThatThrownBy(() -> RoutingOptions.builder().roleSelection(SelectionMode.SAMPLE).build())
                .hasMessageContaining("needs a seed");
    }

    @Test
    void should_check_the_declared_shape_with_the_reference_texts() {
        RouterHead head = RouterHead.of(new float[9 * 4], 9, 4);
        head.checkDeclaredShape(List.of(9, 4));
        assertThatThrownBy(() -> head.checkDeclaredShape(List.of(10, 4))).hasMessage(
                "router head shape mismatch: manifest declares output_count=10 but built head has num_agents=6 "
                        + "+ num_roles=3 = 9");
        assertThatThrownBy(() -> head.checkDeclaredShape(List.of(9, 8)))
                .hasMessageStartingWith("router head hidden-size mismatch: ");
        assertThatThrownBy(() -> head.checkDeclaredShape(List.of(9)))
                .hasMessageStartingWith("router head shape in manifest is malformed; ");
        assertThatThrownBy(() -> RouterHead.of(new float[12], 3, 4))
                .hasMessageStartingWith("invalid head shape [3, 4]");
        assertThatThrownBy(() -> RouterHead.of(new float[12], 4, 4)).hasMessageContaining("needs 16 weights");
        assertThatThrownBy(() -> head.logits(new float[5])).hasMessageContaining("expects hidden size 4");
    }

    @Test
    void should_name_roles_and_parse_their_aliases() {
        assertThat(AgentRole.parse(" Solver ")).isEqualTo(AgentRole.WORKER);
        assertThat(AgentRole.parse("w")).isEqualTo(AgentRole.WORKER);
        assertThat(AgentRole.parse("1")).isEqualTo(AgentRole.THINKER);
        assertThat(AgentRole.parse("V")).isEqualTo(AgentRole.VERIFIER);
        assertThat(AgentRole.nameOf(2)).isEqualTo("Verifier");
        assertThat(AgentRole.nameOf(3)).isEqualTo("UnknownRole");
        assertThat(AgentRole.VERIFIER.sakanaName()).isEqualTo("verifier");
        assertThatThrownBy(() -> AgentRole.parse("judge")).hasMessageContaining("\"judge\"");
    }

    private static int firstReaching(double[] p, double u) {
        double cumulative = 0;
        for (int i = 0; i < p.length; i++) {
            cumulative += p[i];
            if (u <= cumulative) {
                return i;
            }
        }
        return p.length - 1;
    }

    private static double[] widen(float[] values, int from, int to) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = values[i];
        }
        return out;
    }
}
