package dev.trinity.coordinator.examples;

import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.adapted.RouterLoader;
import dev.trinity.coordinator.adapted.RouterSource;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.route.RouteDecision;
import dev.trinity.coordinator.route.RoutedConversation;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Embeds the router alone: loads the bundled tiny router, routes one conversation, prints the decision with what the
 * routing step saw (tokens, the routing vector's position, the snapshot hash).
 *
 * <pre>{@code
 * try (LoadedRouter router = RouterLoader.builder().setSource(RouterSource.bundledTiny()).build().load()) {
 *     RoutedConversation routed = router.explain(List.of(Message.user("What is 17 + 25?")));
 *     routed.decision().agentId(); routed.decision().roleName();
 * }
 * }</pre>
 *
 * <p>For the real router: {@code RouterSource.sakana()} (Sakana's vector on Qwen3-0.6B from the Hugging Face cache),
 * {@code RouterSource.routerVector(file).withModelDir(dir)} or {@code RouterSource.artifact(bundleDir)}.
 */
public final class RouteOneConversation {

    private RouteOneConversation() {
    }

    /** Routes {@code args[0]} (or a default question) as one user message and prints the decision. */
    public static void main(String[] args) throws IOException {
        String question = args.length > 0 ? args[0] : "What is 17 + 25? Answer briefly.";
        run(List.of(Message.user(question)), System.out);
    }

    /**
     * Routes a conversation with the bundled tiny router and prints the decision.
     *
     * @param messages the conversation
     * @param out where to print
     * @return the routed conversation (vector, token ids, decision)
     * @throws IOException when the bundled router cannot be loaded
     */
    public static RoutedConversation run(List<Message> messages, PrintStream out) throws IOException {
        RouterLoader loader = RouterLoader.builder()
                .setSource(RouterSource.bundledTiny())
                .optDevice(DeviceSpec.CPU)
                .optThreads(2)
                .build();
        try (LoadedRouter router = loader.load()) {
            RoutedConversation routed = router.explain(messages);
            RouteDecision decision = routed.decision();
            out.println("router: " + router.description());
            out.println("tokens: " + routed.hidden().tokenCount() + " (routing vector at position "
                    + routed.hidden().hiddenIndex() + ")");
            out.println("agent slot: " + decision.agentId() + " (" + router.slots().label(decision.agentId())
                    + ", a training label, not a provider binding)");
            out.println("role: " + decision.roleName());
            out.println(String.format(Locale.ROOT, "margins: agent %.4f, role %.4f", decision.agentMargin(),
                    decision.roleMargin()));
            out.println("snapshot transcript_hash: " + routed.snapshotTranscriptHash());
            return routed;
        }
    }
}
