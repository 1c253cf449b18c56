package dev.trinity.coordinator.testing;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.loop.RouteExtraction;
import dev.trinity.coordinator.loop.Router;
import dev.trinity.coordinator.loop.TurnRoute;
import dev.trinity.coordinator.role.AgentRole;
import java.util.List;
import java.util.function.Function;

/**
 * A test router: routes by a function of the transcript (for example the number of assistant messages), with
 * logits that put the chosen agent and role first so margins are real.
 */
public final class ScriptedRouter implements Router {

    private final Function<List<Message>, int[]> script;
    private final int numAgents;

    private ScriptedRouter(Function<List<Message>, int[]> script, int numAgents) {
        this.script = script;
        this.numAgents = numAgents;
    }

    /** Always the same agent and role. */
    public static ScriptedRouter fixed(int agentId, AgentRole role) {
        return new ScriptedRouter(messages -> new int[] {agentId, role.id()}, 7);
    }

    /** The k-th turn (k = assistant messages so far) gets roles[k] (last repeats) on agent 0. */
    public static ScriptedRouter roles(AgentRole... roles) {
        return new ScriptedRouter(messages -> {
            long answered = messages.stream().filter(m -> m.role().wireName().equals("assistant")).count();
            return new int[] {0, roles[(int) Math.min(answered, roles.length - 1)].id()};
        }, 7);
    }

    /** Any script: returns {agentId, roleId}. */
    public static ScriptedRouter of(Function<List<Message>, int[]> script) {
        return new ScriptedRouter(script, 7);
    }

    @Override
    public TurnRoute route(List<Message> messages) {
        int[] choice = script.apply(messages);
        float[] agentLogits = new float[numAgents];
        for (int i = 0; i < numAgents; i++) {
            agentLogits[i] = -0.25f * i;
        }
        agentLogits[choice[0]] = 2.0f;
        float[] roleLogits = {0.1f, 0.2f, 0.3f};
        roleLogits[choice[1]] = 1.5f;
        return TurnRoute.of(choice[0], choice[1], agentLogits, roleLogits, "argmax", null,
                new RouteExtraction(new int[] {1, 1024}, new int[] {1, messages.size() + 3, 1024}, "fake", 3, 0.0));
    }

    @Override
    public int numAgents() {
        return numAgents;
    }
}
