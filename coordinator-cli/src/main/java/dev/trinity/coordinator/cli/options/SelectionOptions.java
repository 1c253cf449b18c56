package dev.trinity.coordinator.cli.options;

import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.route.RoutingOptions;
import dev.trinity.coordinator.route.SelectionMode;
import picocli.CommandLine.Option;

/**
 * How the router turns logits into a decision: {@code --selection argmax|softmax|sample}, {@code --temperature T},
 * {@code --seed N}; the same flags on {@code route}, {@code run} and {@code prompt-eval}.
 */
public final class SelectionOptions {

    @Option(names = "--selection", paramLabel = "argmax|softmax|sample", defaultValue = "argmax",
            description = "How the agent and the role are picked from the logits (default: ${DEFAULT-VALUE}). "
                    + "softmax picks the most probable of softmax(logits / T), the same choice as argmax, and "
                    + "reports the probabilities; sample draws from them, reproducibly from --seed.")
    String selection;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Softmax temperature for softmax and sample, > 0 (default 1.0).")
    Double temperature;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the sample draws (required with sample).")
    Long seed;

    /**
     * The routing options these flags give.
     *
     * @throws CliFailure a usage error naming the flag
     */
    RoutingOptions routing() {
        SelectionMode mode;
        try {
            mode = SelectionMode.parse(selection, "--selection");
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--selection must be argmax, softmax or sample, got \"" + selection + "\"");
        }
        if (mode == SelectionMode.SAMPLE && seed == null) {
            throw CliFailure.usage("--selection sample needs --seed N, so that routes can be reproduced");
        }
        if (mode != SelectionMode.SAMPLE && seed != null) {
            throw CliFailure.usage("--seed only seeds --selection sample; drop it or pass --selection sample");
        }
        if (mode == SelectionMode.ARGMAX && temperature != null) {
            throw CliFailure.usage("--temperature applies to --selection softmax or sample; argmax ignores it");
        }
        if (temperature != null && !(temperature > 0 && Double.isFinite(temperature))) {
            throw CliFailure.usage("--temperature must be a positive number, got " + temperature);
        }
        return RoutingOptions.builder().agentSelection(mode).roleSelection(mode)
                .temperature(temperature == null ? 1.0 : temperature)
                .returnProbabilities(mode != SelectionMode.ARGMAX).seed(seed).build();
    }

    /** One line describing the options, for reports: {@code sample (temperature 0.7, seed 42)}. */
    public static String describe(RoutingOptions options) {
        if (options.agentSelection() == SelectionMode.ARGMAX) {
            return "argmax";
        }
        return options.agentSelection().wireName() + " (temperature " + options.temperature()
                + (options.seed() == null ? "" : ", seed " + options.seed()) + ")";
    }
}
