package dev.trinity.coordinator.route;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.hash.SnapshotHashes;
import java.util.List;
import java.util.Objects;

/**
 * One routed conversation: the routing vector with its token metadata, and the decision.
 *
 * @param messages the conversation that was routed
 * @param hidden the routing vector, token ids and hidden index
 * @param decision the decision; its {@code transcriptHash} is the trace hash of the messages
 */
public record RoutedConversation(List<Message> messages, HiddenState hidden, RouteDecision decision) {

    /** Validates and copies. */
    public RoutedConversation {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        Objects.requireNonNull(hidden, "hidden");
        Objects.requireNonNull(decision, "decision");
    }

    /** The prompt-eval snapshot {@code transcript_hash} (atom-key variant) of the messages. */
    public String snapshotTranscriptHash() {
        return SnapshotHashes.transcriptHash(messages);
    }

    /** The prompt-eval snapshot {@code route_hash} of the decision. */
    public String routeHash() {
        return SnapshotHashes.routeHash(decision.agentId(), decision.roleId(), decision.logits());
    }
}
