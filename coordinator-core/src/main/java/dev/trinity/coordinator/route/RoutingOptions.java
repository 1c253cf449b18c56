package dev.trinity.coordinator.route;

import java.util.Objects;

/**
 * How {@link RouterHead#route(float[], RoutingOptions)} turns logits into ids.
 *
 * <p>Defaults: argmax for both splits, temperature 1.0, no probabilities, no seed. {@link SelectionMode#SAMPLE}
 * needs a seed: the agent draw uses {@code new SplittableRandom(seed)} and the role draw
 * {@code new SplittableRandom(seed + 17)}, so the two are seeded differently and a decision is reproducible from
 * its options. This does <em>not</em> reproduce the reference's draws (Erlang {@code :rand} {@code exsss} seeded
 * with {@code {s, s+1, s+2}} and {@code {s+17, s+31, s+43}}); no reference fixture depends on them.
 *
 * @param agentSelection the mode for the agent logits
 * @param roleSelection the mode for the role logits
 * @param temperature T of {@code softmax(logits / T)}, positive
 * @param returnProbabilities whether the decision carries the softmax probabilities of both splits
 * @param seed the seed of the sample draws, or null (allowed only when nothing samples)
 */
public record RoutingOptions(SelectionMode agentSelection, SelectionMode roleSelection, double temperature,
                             boolean returnProbabilities, Long seed) {

    /** Role draws use {@code seed + ROLE_SEED_OFFSET}. */
    public static final long ROLE_SEED_OFFSET = 17L;

    /** Validates the options. */
    public RoutingOptions {
        Objects.requireNonNull(agentSelection, "agentSelection");
        Objects.requireNonNull(roleSelection, "roleSelection");
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive number, got " + temperature);
        }
        if (seed == null && (agentSelection == SelectionMode.SAMPLE || roleSelection == SelectionMode.SAMPLE)) {
            throw new IllegalArgumentException(
                    "sample selection needs a seed; set RoutingOptions.builder().seed(n) so routes are reproducible");
        }
    }

    /** Argmax for both splits. */
    public static RoutingOptions defaults() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        return new Builder().agentSelection(agentSelection).roleSelection(roleSelection).temperature(temperature)
                .returnProbabilities(returnProbabilities).seed(seed);
    }

    /** Builds {@link RoutingOptions}. */
    public static final class Builder {
        private SelectionMode agentSelection = SelectionMode.ARGMAX;
        private SelectionMode roleSelection = SelectionMode.ARGMAX;
        private double temperature = 1.0;
        private boolean returnProbabilities;
        private Long seed;

        private Builder() {
        }

        /** The agent mode. */
        public Builder agentSelection(SelectionMode mode) {
            this.agentSelection = mode;
            return this;
        }

        /** The agent mode from text ({@link SelectionMode#parse}). */
        public Builder agentSelection(String mode) {
            this.agentSelection = SelectionMode.parse(mode, "agent_selection");
            return this;
        }

        /** The role mode. */
        public Builder roleSelection(SelectionMode mode) {
            this.roleSelection = mode;
            return this;
        }

        /** The role mode from text ({@link SelectionMode#parse}). */
        public Builder roleSelection(String mode) {
            this.roleSelection = SelectionMode.parse(mode, "role_selection");
            return this;
        }

        /** The softmax temperature, positive. */
        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /** Whether to return probabilities. */
        public Builder returnProbabilities(boolean returnProbabilities) {
            this.returnProbabilities = returnProbabilities;
            return this;
        }

        /** The sample seed, or null. */
        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        /** Validates and builds. */
        public RoutingOptions build() {
            return new RoutingOptions(agentSelection, roleSelection, temperature, returnProbabilities, seed);
        }
    }
}
