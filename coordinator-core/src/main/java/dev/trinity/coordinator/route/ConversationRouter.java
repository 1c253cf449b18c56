package dev.trinity.coordinator.route;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.hash.TraceHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The whole routing step: conversation → routing vector ({@link HiddenStateExtractor}) → {@link RouterHead} →
 * {@link RouteDecision} carrying the transcript's trace hash and the artifact identity.
 *
 * <pre>{@code
 * AdaptedArtifact artifact = AdaptedArtifact.load(bundleDir);
 * ConversationRouter router = ConversationRouter.of(extractor, artifact.loadRouterHead(), artifact.identity());
 * RoutedConversation routed = router.route(List.of(Message.user("What is 17 + 25?")));
 * }</pre>
 *
 * <p>Thread-safe when the extractor is. Closing the router is the extractor owner's job.
 */
public final class ConversationRouter {

    private final HiddenStateExtractor extractor;
    private final RouterHead head;
    private final ArtifactIdentity identity;

    private ConversationRouter(HiddenStateExtractor extractor, RouterHead head, ArtifactIdentity identity) {
        this.extractor = extractor;
        this.head = head;
        this.identity = identity;
    }

    /**
     * A router.
     *
     * @param extractor the model side
     * @param head the router head; its hidden size must match the extractor's
     * @param identity the artifact the head and weights came from, or null (for example a router vector)
     * @return the router
     * @throws IllegalArgumentException when the head and the model disagree on the hidden size
     */
    public static ConversationRouter of(HiddenStateExtractor extractor, RouterHead head, ArtifactIdentity identity) {
        Objects.requireNonNull(extractor, "extractor");
        Objects.requireNonNull(head, "head");
        if (extractor.hiddenSize() != head.hiddenSize()) {
            throw new IllegalArgumentException("router head expects hidden size " + head.hiddenSize()
                    + " but the model gives " + extractor.hiddenSize() + "; the artifact and the model do not match");
        }
        return new ConversationRouter(extractor, head, identity);
    }

    /**
     * Refuses a hidden state holding NaN or infinity: with corrupt weights the model's output is garbage, and a
     * route from it would look like any other.
     *
     * @param hidden the extractor's state
     * @return the state, when every value is finite
     * @throws IllegalStateException naming the first non-finite value and what to check
     */
    public static HiddenState checkFinite(HiddenState hidden) {
        float[] vector = hidden.vector();
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new IllegalStateException("the model produced a hidden state holding " + vector[i]
                        + " (value " + i + " of " + vector.length + ", " + hidden.tokenCount() + " tokens): its "
                        + "weights are probably corrupt; check them with 'coordinator env-check --model-dir DIR "
                        + "--verify-hashes'");
            }
        }
        return hidden;
    }

    /** The head. */
    public RouterHead head() {
        return head;
    }

    /** The artifact identity, or null. */
    public ArtifactIdentity identity() {
        return identity;
    }

    /**
     * Routes with argmax for agent and role.
     *
     * @param messages the conversation, at least one message
     * @return the vector and the decision
     */
    public RoutedConversation route(List<Message> messages) {
        return route(messages, RoutingOptions.defaults());
    }

    /**
     * Routes a conversation.
     *
     * @param messages the conversation, at least one message
     * @param options selection modes, temperature, probabilities and seed
     * @return the vector and the decision
     */
    public RoutedConversation route(List<Message> messages, RoutingOptions options) {
        Objects.requireNonNull(messages, "messages");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("cannot route an empty conversation; pass at least one message");
        }
        return decide(messages, extractor.extract(messages), options);
    }

    /**
     * Routes many conversations with one batched extraction ({@link HiddenStateExtractor#extractAll}); each result
     * is what {@link #route(List, RoutingOptions)} gives, up to float rounding.
     *
     * @param conversations the conversations, each at least one message
     * @param options selection modes, temperature, probabilities and seed
     * @return one routed conversation per conversation, in order
     */
    public List<RoutedConversation> routeAll(List<List<Message>> conversations, RoutingOptions options) {
        for (List<Message> messages : conversations) {
            if (messages.isEmpty()) {
                throw new IllegalArgumentException("cannot route an empty conversation; pass at least one message");
            }
        }
        List<HiddenState> states = extractor.extractAll(conversations);
        List<RoutedConversation> routed = new ArrayList<>(states.size());
        for (int i = 0; i < states.size(); i++) {
            routed.add(decide(conversations.get(i), states.get(i), options));
        }
        return routed;
    }

    private RoutedConversation decide(List<Message> messages, HiddenState state, RoutingOptions options) {
        HiddenState hidden = checkFinite(state);
        RouteDecision decision = head.route(hidden.vector(), options)
                .withTranscriptHash(TraceHash.messages(messages))
                .withArtifactIdentity(identity);
        return new RoutedConversation(messages, hidden, decision);
    }
}
