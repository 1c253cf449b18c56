package dev.trinity.coordinator.eval;

import dev.trinity.coordinator.conversation.Message;
import java.util.List;
import java.util.function.Function;

/**
 * Routes a batch of conversations for prompt-eval. An engine that can batch runs them in one padded forward pass;
 * {@link PromptEval} hands over at most {@link PromptEvalOptions#batchSize()} conversations per call, always in the
 * same groups, so every determinism run repeats the same computation.
 */
@FunctionalInterface
public interface CaseRouter {

    /**
     * Routes conversations.
     *
     * @param conversations one or more conversations
     * @return one result per conversation, in order
     */
    List<CaseRoute> route(List<List<Message>> conversations);

    /**
     * Called before each pass over the cases. An engine that caches earlier inputs (a prefix cache) clears it here,
     * so that every determinism run starts from the same state and repeats the same computation.
     */
    default void startPass() {
    }

    /** A router that runs {@code startPass} before each pass. */
    static CaseRouter of(Function<List<List<Message>>, List<CaseRoute>> route, Runnable startPass) {
        return new CaseRouter() {
            @Override
            public List<CaseRoute> route(List<List<Message>> conversations) {
                return route.apply(conversations);
            }

            @Override
            public void startPass() {
                startPass.run();
            }
        };
    }
}
