package dev.trinity.coordinator.role;

import dev.trinity.coordinator.conversation.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prepends the role prompt to the messages of one provider call.
 *
 * <p>The injected system message is for the provider call only; it is never stored in the transcript. The prompts
 * are our own text with the reference's contract: the Worker executes the next concrete step, the Thinker analyses
 * and plans without asserting unchecked final answers, and the Verifier starts with exactly ACCEPT or REVISE.
 */
public final class RoleInjector {

    /** The Worker prompt; contains "Execute the next". */
    public static final String WORKER_PROMPT = "You are the Worker in a team of AI agents. "
            + "Execute the next concrete step of the task and produce the actual content it needs: code, "
            + "mathematics, or the answer itself. Be precise and complete; do not just describe what should be done.";

    /** The Thinker prompt; contains "Analyze the current state". */
    public static final String THINKER_PROMPT = "You are the Thinker in a team of AI agents. "
            + "Analyze the current state of the conversation and give a plan, a decomposition of the task, or a "
            + "critique of the work so far. Do not assert final answers you have not checked. Optionally propose "
            + "who should act next with <suggestion>...</suggestion><suggested_role>solver|verifier"
            + "</suggested_role>.";

    /** The Verifier prompt; contains "Start your response with exactly ACCEPT or REVISE". */
    public static final String VERIFIER_PROMPT = "You are the Verifier in a team of AI agents. "
            + "Check the latest answer for correctness, completeness and whether it responds to the user's request. "
            + "Start your response with exactly ACCEPT or REVISE. After REVISE, add a short diagnosis of what is "
            + "wrong.";

    /** The prompt for any unknown role. */
    public static final String DEFAULT_PROMPT = "You are a helpful assistant.";

    private RoleInjector() {
    }

    /**
     * The system prompt of a role name or alias.
     *
     * @param roleName a role name or alias; anything else gets {@link #DEFAULT_PROMPT}
     * @return the prompt
     */
    public static String promptFor(String roleName) {
        return AgentRole.fromName(roleName).map(RoleInjector::promptFor).orElse(DEFAULT_PROMPT);
    }

    /**
     * The system prompt of a role.
     *
     * @param role the role
     * @return the prompt
     */
    public static String promptFor(AgentRole role) {
        switch (role) {
            case WORKER:
                return WORKER_PROMPT;
            case THINKER:
                return THINKER_PROMPT;
            case VERIFIER:
                return VERIFIER_PROMPT;
            default:
                throw new IllegalArgumentException("no prompt for role " + role.name());
        }
    }

    /**
     * Returns a new list: one system message with the role prompt, then the messages unchanged (existing system
     * messages are kept).
     *
     * @param messages the transcript snapshot
     * @param roleName the role name or alias
     * @return an unmodifiable list one longer than {@code messages}
     */
    public static List<Message> inject(List<Message> messages, String roleName) {
        List<Message> out = new ArrayList<>(messages.size() + 1);
        out.add(Message.system(promptFor(roleName)));
        out.addAll(messages);
        return Collections.unmodifiableList(out);
    }
}
