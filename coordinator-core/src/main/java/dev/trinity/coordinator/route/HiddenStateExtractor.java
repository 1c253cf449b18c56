package dev.trinity.coordinator.route;

import dev.trinity.coordinator.conversation.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * The seam between the pure-Java coordinator and the model: a conversation in, the routing vector out.
 *
 * <p>The implementation formats the transcript ({@link dev.trinity.coordinator.conversation.Transcript}),
 * tokenizes it and runs one prefill. Implementations must be safe to call from several threads.
 */
public interface HiddenStateExtractor extends AutoCloseable {

    /**
     * Computes the routing vector of one conversation.
     *
     * @param messages the conversation, at least one message
     * @return the vector and its metadata
     */
    HiddenState extract(List<Message> messages);

    /**
     * Computes the routing vectors of many conversations; engines that can batch override this.
     *
     * @param conversations the conversations
     * @return one result per conversation, in order
     */
    default List<HiddenState> extractAll(List<List<Message>> conversations) {
        List<HiddenState> out = new ArrayList<>(conversations.size());
        for (List<Message> messages : conversations) {
            out.add(extract(messages));
        }
        return out;
    }

    /**
     * Forgets what earlier calls left cached (an engine's prefix cache), so that the next calls compute exactly as a
     * freshly loaded extractor would; the default has nothing to forget.
     */
    default void clearCache() {
    }

    /** The hidden size of the vectors this extractor returns. */
    int hiddenSize();

    /** Releases native resources; the default does nothing. */
    @Override
    default void close() {
    }
}
