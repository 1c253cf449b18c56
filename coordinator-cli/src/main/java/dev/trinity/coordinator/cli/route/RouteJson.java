package dev.trinity.coordinator.cli.route;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.route.RouteDecision;
import dev.trinity.coordinator.route.RoutedConversation;
import dev.trinity.coordinator.route.RoutingOptions;
import java.util.Arrays;

/**
 * One routed conversation as JSON: what {@code coordinator route --json} prints and {@code POST /v1/route} of
 * {@code coordinator serve} answers (field names as in prompt-eval snapshots: {@code agent_id}, {@code agent_label},
 * {@code role_id}, {@code role_name}, logits, margins, {@code transcript_hash}, {@code route_hash}).
 */
public final class RouteJson {

    private RouteJson() {
    }

    /**
     * The JSON object of one route.
     *
     * @param router the loaded router (description, identity, slot labels)
     * @param routed the routed conversation
     * @return a new object
     */
    public static ObjectNode of(LoadedRouter router, RoutedConversation routed) {
        RoutingOptions routing = router.routingOptions(); // the selection the decision was made with
        RouteDecision decision = routed.decision();
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("router", router.description());
        if (router.identity() != null) {
            ObjectNode identity = root.putObject("artifact_identity");
            router.identity().toTraceMap().forEach(identity::put);
        }
        ArrayNode ids = root.putArray("input_ids");
        Arrays.stream(routed.hidden().inputIds()).forEach(ids::add);
        root.put("token_count", routed.hidden().tokenCount());
        root.put("hidden_index", routed.hidden().hiddenIndex());
        ArrayNode shape = root.putArray("hidden_shape");
        Arrays.stream(routed.hidden().shape()).forEach(shape::add);
        floats(root.putArray("logits"), decision.logits());
        floats(root.putArray("agent_logits"), decision.agentLogits());
        floats(root.putArray("role_logits"), decision.roleLogits());
        root.put("agent_id", decision.agentId());
        root.put("agent_label", router.slots().labels().get(decision.agentId()));
        root.put("role_id", decision.roleId());
        root.put("role_name", decision.roleName());
        root.putObject("margins").put("agent", decision.agentMargin()).put("role", decision.roleMargin());
        ObjectNode selection = root.putObject("selection");
        selection.put("mode", routing.agentSelection().wireName()).put("temperature", routing.temperature());
        if (routing.seed() == null) {
            selection.putNull("seed");
        } else {
            selection.put("seed", routing.seed());
        }
        if (decision.agentProbabilities() != null) {
            ObjectNode probabilities = root.putObject("probabilities");
            doubles(probabilities.putArray("agent"), decision.agentProbabilities());
            doubles(probabilities.putArray("role"), decision.roleProbabilities());
        }
        root.put("transcript_hash", routed.snapshotTranscriptHash());
        root.put("trace_transcript_hash", decision.transcriptHash());
        root.put("route_hash", routed.routeHash());
        root.put("device", routed.hidden().device());
        root.put("dtype", routed.hidden().dtype());
        root.putObject("timings_ms").put("tokenize", routed.hidden().timings().tokenizeMs())
                .put("forward", routed.hidden().timings().forwardMs());
        return root;
    }

    private static void doubles(ArrayNode array, double[] values) {
        for (double value : values) {
            array.add(value);
        }
    }

    private static void floats(ArrayNode array, float[] values) {
        for (float value : values) {
            array.add(value);
        }
    }
}
