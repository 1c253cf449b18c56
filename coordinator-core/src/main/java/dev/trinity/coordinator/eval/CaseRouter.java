package dev.trinity.coordinator.eval;

import dev.trinity.coordinator.conversation.Message;
import java.util.List;

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
}
