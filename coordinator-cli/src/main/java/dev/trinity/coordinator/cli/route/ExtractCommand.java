package dev.trinity.coordinator.cli.route;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.cli.CliFailure;
import dev.trinity.coordinator.cli.InputFiles;
import dev.trinity.coordinator.cli.options.EngineOptions;
import dev.trinity.coordinator.conversation.Transcript;
import dev.trinity.coordinator.qwen3.Qwen3Extractor;
import dev.trinity.coordinator.qwen3.Qwen3Model;
import dev.trinity.coordinator.route.HiddenState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coordinator extract}: tokenizes an input and prints the Qwen3 hidden state(s) the router reads. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Run one Qwen3 prefill and print the token ids and hidden state(s).",
            "By default prints the final-norm hidden state at the router's position n-2 (0 when n <= 1).",
            "Example: coordinator extract --model-dir priv/qwen3-tiny --text \"user: hi\" --json"})
public final class ExtractCommand implements Callable<Integer> {

    static final class Input {
        @Option(names = "--text", paramLabel = "TEXT", description = "Raw text to tokenize (no template applied).")
        String text;

        @Option(names = "--messages", paramLabel = "FILE.json",
                description = "JSON list of {role, content}; formatted as 'role: content' lines.")
        Path messages;

        @Option(names = "--ids", paramLabel = "1,2,3", split = ",", description = "Token ids, comma-separated.")
        int[] ids;
    }

    @ArgGroup(multiplicity = "1")
    Input input;

    @Option(names = "--position", paramLabel = "penultimate|last|all", defaultValue = "penultimate",
            description = "Which position(s) to print (default: ${DEFAULT-VALUE}, the router's).")
    String position;

    @Option(names = "--all-layers",
            description = "Print every hidden_states entry (embeddings, each layer, final norm), not only the last.")
    boolean allLayers;

    @Option(names = "--json", description = "Print one JSON object: input_ids, hidden_index, hidden_states.")
    boolean json;

    @Mixin
    EngineOptions engine;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Where where = Where.parse(position);
        String text = input.ids != null ? null : input.text != null ? input.text
                : Transcript.format(InputFiles.messages("--messages", input.messages));
        Path modelDir = engine.resolveModelDir();
        try (Qwen3Extractor extractor = Qwen3Extractor.load(modelDir, engine.oneInputOptions(err))) {
            engine.loaded();
            int[] ids = text == null ? input.ids : extractor.tokenizer().encode(text);
            if (ids.length == 0) {
                throw CliFailure.failed("the input tokenized to no tokens; give a non-empty --text, --messages or --ids");
            }
            Qwen3Model model = extractor.model();
            int hidden = model.config().hiddenSize();
            int[] positions = where.positions(ids.length);
            float[][] perLayer;
            if (allLayers || where == Where.ALL) {
                float[][] states = model.hiddenStates(ids);
                perLayer = allLayers ? states : new float[][] {states[states.length - 1]};
            } else {
                perLayer = new float[][] {scatter(model.hiddenAt(ids, positions[0]), positions[0], hidden)};
            }
            checkFinite(perLayer, positions, hidden);
            if (json) {
                out.println(toJson(ids, positions, perLayer, hidden, where, model));
            } else {
                printHuman(out, ids, positions, perLayer, hidden, model);
            }
        } catch (IllegalArgumentException e) {
            throw CliFailure.failed(CliFailure.messageOf(e));
        }
        return 0;
    }

    /** Refuses to print a hidden state holding NaN or infinity (corrupt weights, or values overflowing float). */
    private static void checkFinite(float[][] perLayer, int[] positions, int hidden) {
        for (int k = 0; k < perLayer.length; k++) {
            for (int p : positions) {
                for (int j = 0; j < hidden; j++) {
                    float value = perLayer[k][p * hidden + j];
                    if (!Float.isFinite(value)) {
                        throw CliFailure.failed("hidden_states[" + (perLayer.length == 1 ? -1 : k) + "] at position "
                                + p + " holds " + value + " (value " + j + "): the model's weights are probably "
                                + "corrupt; check them with 'coordinator env-check --model-dir DIR --verify-hashes'");
                    }
                }
            }
        }
    }

    /** Places a single position's vector where a full (position, hidden) matrix would hold it. */
    private static float[] scatter(float[] vector, int position, int hidden) {
        float[] rows = new float[(position + 1) * hidden];
        System.arraycopy(vector, 0, rows, position * hidden, hidden);
        return rows;
    }

    private static String toJson(int[] ids, int[] positions, float[][] perLayer, int hidden, Where where,
                                 Qwen3Model model) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode idNodes = root.putArray("input_ids");
        Arrays.stream(ids).forEach(idNodes::add);
        root.put("token_count", ids.length);
        if (where == Where.ALL) {
            ArrayNode indexes = root.putArray("hidden_index");
            Arrays.stream(positions).forEach(indexes::add);
        } else {
            root.put("hidden_index", positions[0]);
        }
        ArrayNode states = root.putArray("hidden_states");
        for (float[] layer : perLayer) {
            ArrayNode target = perLayer.length > 1 ? states.addArray() : states;
            for (int p : positions) {
                ArrayNode vector = where == Where.ALL ? target.addArray() : target;
                for (int j = 0; j < hidden; j++) {
                    vector.add(layer[p * hidden + j]);
                }
            }
        }
        root.put("hidden_size", hidden);
        root.put("layers", perLayer.length > 1 ? "all" : "final_norm");
        root.put("device", model.deviceName());
        root.put("dtype", model.computeType().label());
        return root.toString();
    }

    private static void printHuman(PrintWriter out, int[] ids, int[] positions, float[][] perLayer, int hidden,
                                   Qwen3Model model) {
        out.println("input_ids (" + ids.length + "): " + Arrays.toString(ids));
        out.println("device: " + model.deviceName() + ", dtype: " + model.computeType().label() + ", hidden size: "
                + hidden);
        for (int k = 0; k < perLayer.length; k++) {
            String layer = perLayer.length == 1 ? "final norm" : k == 0 ? "embeddings"
                    : k == perLayer.length - 1 ? "final norm" : "layer " + (k - 1);
            for (int p : positions) {
                StringBuilder line = new StringBuilder("hidden_states[" + (perLayer.length == 1 ? "-1" : k) + "] ("
                        + layer + ") position " + p + ": [");
                for (int j = 0; j < hidden; j++) {
                    line.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", perLayer[k][p * hidden + j]));
                }
                out.println(line.append(']'));
            }
        }
    }

    /** The positions to print. */
    enum Where {
        PENULTIMATE, LAST, ALL;

        static Where parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw CliFailure.usage("--position must be penultimate, last or all, got \"" + text + "\"");
            }
        }

        int[] positions(int count) {
            return switch (this) {
                case PENULTIMATE -> new int[] {HiddenState.routerIndex(count)};
                case LAST -> new int[] {count - 1};
                case ALL -> java.util.stream.IntStream.range(0, count).toArray();
            };
        }
    }
}
