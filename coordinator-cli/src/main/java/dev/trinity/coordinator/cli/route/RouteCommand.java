package dev.trinity.coordinator.cli.route;

import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.cli.InputFiles;
import dev.trinity.coordinator.cli.options.RouterLoading;
import dev.trinity.coordinator.cli.options.RouterOptions;
import dev.trinity.coordinator.cli.options.RouterSpec;
import dev.trinity.coordinator.cli.options.SelectionOptions;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.route.RouteDecision;
import dev.trinity.coordinator.route.RoutedConversation;
import dev.trinity.coordinator.route.RoutingOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coordinator route}: routes one conversation and prints the decision. */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = {"Route one conversation: the agent slot and role the router picks, with logits and margins.",
            "With no model flags the bundled tiny demo router runs. For the real router give --model-dir (Qwen3-0.6B) "
                    + "and --artifact-dir (an adapted bundle) or --router-vector (SVF at load time; default Sakana's "
                    + "vector)."})
public final class RouteCommand implements Callable<Integer> {

    static final class Input {
        @Option(names = "--prompt", paramLabel = "TEXT", description = "One user message.")
        String prompt;

        @Option(names = "--messages", paramLabel = "FILE.json", description = "JSON list of {role, content}.")
        Path messages;
    }

    @ArgGroup(multiplicity = "1")
    Input input;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Mixin
    RouterOptions routerOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<Message> messages = input.prompt != null ? List.of(Message.user(input.prompt))
                : InputFiles.messages("--messages", input.messages);
        PrintWriter out = spec.commandLine().getOut();
        RouterSpec routerSpec = routerOptions.oneInputSpec();
        try (LoadedRouter router = RouterLoading.load(routerSpec, spec.commandLine().getErr())) {
            RoutedConversation routed = router.explain(messages);
            if (json) {
                out.println(RouteJson.of(router, routed));
            } else {
                print(out, router, routed, routerSpec.routing());
            }
        }
        return 0;
    }

    private static void print(PrintWriter out, LoadedRouter router, RoutedConversation routed,
                              RoutingOptions routing) {
        RouteDecision decision = routed.decision();
        out.println("router: " + router.description());
        if (router.identity() != null) {
            out.println("artifact manifest sha256: " + router.identity().manifestSha256());
        }
        out.println("input_ids (" + routed.hidden().tokenCount() + "): " + Arrays.toString(routed.hidden().inputIds()));
        out.println("hidden: index " + routed.hidden().hiddenIndex() + ", shape " + Arrays.toString(routed.hidden()
                .shape()) + ", " + routed.hidden().device() + " " + routed.hidden().dtype());
        out.println("agent logits: " + format(decision.agentLogits()));
        out.println("role logits:  " + format(decision.roleLogits()));
        out.println("selection: " + SelectionOptions.describe(routing));
        if (decision.agentProbabilities() != null) {
            out.println("agent probabilities: " + format(decision.agentProbabilities()));
            out.println("role probabilities:  " + format(decision.roleProbabilities()));
        }
        out.printf(Locale.ROOT, "agent %d: %s (margin %.5f)%n", decision.agentId(),
                router.slots().labels().get(decision.agentId()), decision.agentMargin());
        out.printf(Locale.ROOT, "role  %d: %s (margin %.5f)%n", decision.roleId(), decision.roleName(),
                decision.roleMargin());
        out.printf(Locale.ROOT, "transcript_hash %s, %.1f ms (tokenize %.1f + forward %.1f)%n",
                routed.snapshotTranscriptHash(), routed.hidden().timings().totalMs(),
                routed.hidden().timings().tokenizeMs(), routed.hidden().timings().forwardMs());
    }

    private static String format(float[] values) {
        double[] wide = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        return format(wide);
    }

    private static String format(double[] values) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.5f", values[i]));
        }
        return text.append(']').toString();
    }
}
