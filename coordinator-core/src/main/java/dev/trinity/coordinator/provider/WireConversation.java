package dev.trinity.coordinator.provider;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.MessageRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A provider request's conversation in the shape strict chat servers accept: one system text, then turns that
 * alternate user / assistant, start with a user turn and end with one.
 *
 * <p>The loop's transcript keeps every agent's reply as an {@code assistant} message, so after a few turns it ends
 * with several assistant messages in a row. Strict chat templates refuse that (llama.cpp's {@code llama-server}:
 * "Cannot have 2 or more assistant messages at the end of the list"; several vLLM templates: "roles must
 * alternate"), and a request ending with one assistant message is taken as a prefill to continue that answer
 * rather than a new turn (llama.cpp, Anthropic). So providers build each request from this shape; the transcript,
 * its hashes and the trace stay exactly as the reference defines them.
 *
 * <p>The rules, applied to the injected request (role prompt first):
 * <ul>
 *   <li>all system messages, in order, become one system text;</li>
 *   <li>the agents' replies after the last user message are presented inside that user turn, numbered and
 *       attributed ({@code [reply 1, by an agent of the team]}), so the request ends with a user turn and the
 *       newest reply is last;</li>
 *   <li>assistant messages before the first user message are presented the same way in the first user turn;</li>
 *   <li>other consecutive messages of one role are joined into one turn (blank line between).</li>
 * </ul>
 *
 * @param system the system text, or null when the request has none
 * @param turns alternating user and assistant messages, first and last a user message, never empty
 */
public record WireConversation(String system, List<Message> turns) {

    /** The heading of the replies presented in a user turn. */
    public static final String REPLIES_HEADING = "Replies of the team's agents so far, oldest first:";

    /** Validates the shape. */
    public WireConversation {
        turns = List.copyOf(Objects.requireNonNull(turns, "turns"));
        if (turns.isEmpty() || turns.get(0).role() != MessageRole.USER
                || turns.get(turns.size() - 1).role() != MessageRole.USER) {
            throw new IllegalArgumentException("wire turns must start and end with a user message");
        }
        for (int i = 0; i < turns.size(); i++) {
            MessageRole expected = i % 2 == 0 ? MessageRole.USER : MessageRole.ASSISTANT;
            if (turns.get(i).role() != expected) {
                throw new IllegalArgumentException("wire turn " + i + " is " + turns.get(i).role().wireName()
                        + ", expected " + expected.wireName());
            }
        }
    }

    /**
     * The wire shape of a request's messages.
     *
     * @param messages the injected request: role prompt, then the transcript
     * @return the system text and the alternating turns
     */
    public static WireConversation of(List<Message> messages) {
        StringJoiner system = new StringJoiner("\n\n");
        List<Message> rest = new ArrayList<>();
        for (Message message : messages) {
            if (message.role() == MessageRole.SYSTEM) {
                system.add(message.content());
            } else {
                rest.add(message);
            }
        }
        int lastUser = -1;
        for (int i = 0; i < rest.size(); i++) {
            if (rest.get(i).role() == MessageRole.USER) {
                lastUser = i;
            }
        }
        List<Message> turns = new ArrayList<>();
        List<String> leading = new ArrayList<>();
        for (int i = 0; i <= lastUser; i++) {
            Message message = rest.get(i);
            if (message.role() == MessageRole.ASSISTANT && turns.isEmpty()) {
                leading.add(message.content());
            } else if (message.role() == MessageRole.USER && !leading.isEmpty()) {
                append(turns, Message.user(replies(leading) + "\n\n" + message.content()));
                leading.clear();
            } else {
                append(turns, message);
            }
        }
        List<String> trailing = new ArrayList<>(leading);
        for (int i = lastUser + 1; i < rest.size(); i++) {
            trailing.add(rest.get(i).content());
        }
        if (turns.isEmpty()) {
            turns.add(Message.user(trailing.isEmpty() ? "(no message)" : replies(trailing)));
        } else if (!trailing.isEmpty()) {
            append(turns, Message.user(replies(trailing)));
        }
        return new WireConversation(system.length() == 0 ? null : system.toString(), turns);
    }

    /** One system message (when there is a system text) followed by the turns: the OpenAI chat layout. */
    public List<Message> withSystemMessage() {
        List<Message> out = new ArrayList<>(turns.size() + 1);
        if (system != null) {
            out.add(Message.system(system));
        }
        out.addAll(turns);
        return out;
    }

    /** Appends, joining a message to the previous one when both have the same role. */
    private static void append(List<Message> turns, Message message) {
        int last = turns.size() - 1;
        if (last >= 0 && turns.get(last).role() == message.role()) {
            turns.set(last, new Message(message.role(), turns.get(last).content() + "\n\n" + message.content()));
        } else {
            turns.add(message);
        }
    }

    private static String replies(List<String> replies) {
        StringBuilder text = new StringBuilder(REPLIES_HEADING);
        for (int i = 0; i < replies.size(); i++) {
            // no "of N": a turn's request then extends the previous turn's text, so servers' prompt caches reuse it
            text.append("\n\n[reply ").append(i + 1).append(", by an agent of the team]\n").append(replies.get(i));
        }
        return text.toString();
    }
}
