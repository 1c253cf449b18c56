package dev.trinity.coordinator.loop;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.route.RoutingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The loop's routing seam: a conversation in, the agent slot and role of the next turn out.
 *
 * <p>The production implementation extracts the Qwen3 hidden state and applies the router head; tests use fixed or
 * scripted routes. Implementations must be safe to call from several runs at once. A {@link RuntimeException}
 * thrown here ends the run with the failure {@code routing_failed}.
 */
public interface Router {

    /**
     * Routes one turn.
     *
     * @param messages the transcript snapshot (role prompts are never part of it)
     * @return the decision
     */
    TurnRoute route(List<Message> messages);

    /**
     * Routes many conversations, in order; routers that can batch (the Qwen3 router: one forward pass) override it.
     *
     * @param conversations the transcripts
     * @return one decision per conversation
     */
    default List<TurnRoute> routeAll(List<List<Message>> conversations) {
        List<TurnRoute> routes = new ArrayList<>(conversations.size());
        for (List<Message> messages : conversations) {
            routes.add(route(messages));
        }
        return routes;
    }

    /** The number of agent slots the router chooses from. */
    default int numAgents() {
        return 7;
    }

    /** The number of roles the router chooses from. */
    default int numRoles() {
        return 3;
    }

    /**
     * The artifact identity carried in {@code run_started} and every route decision (for example the manifest
     * hash and path); empty when unknown.
     */
    default Map<String, String> runtimeMetadata() {
        return Map.of();
    }

    /**
     * How this router turns logits into a decision (modes, temperature, seed), as traced in {@code route_selected};
     * argmax unless the router says otherwise.
     */
    default RoutingOptions routingOptions() {
        return RoutingOptions.defaults();
    }
}
