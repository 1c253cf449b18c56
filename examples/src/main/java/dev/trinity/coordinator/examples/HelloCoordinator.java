package dev.trinity.coordinator.examples;

import dev.trinity.coordinator.Coordinator;
import dev.trinity.coordinator.adapted.RouterSource;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.loop.RunResult;
import dev.trinity.coordinator.loop.TurnRoute;
import dev.trinity.coordinator.pool.AgentPool;
import java.nio.file.Path;
import java.util.List;

/** The README's "Use it from Maven" program: route one conversation, then run the loop on the offline mock team. */
public final class HelloCoordinator {

    private HelloCoordinator() {
    }

    /**
     * Routes and runs with the bundled tiny router of a Trinity checkout.
     *
     * @param args the checkout (the folder with {@code priv/} in it)
     * @throws Exception when the router cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        try (Coordinator coordinator = Coordinator.builder()
                .router(RouterSource.bundledTiny(Path.of(args[0])))
                .pool(AgentPool.mockTeam())
                .maxTurns(8)
                .build()) {
            TurnRoute route = coordinator.route(List.of(Message.user("What is 17 * 24?")));
            System.out.println("next: agent " + route.agentId() + " as " + route.roleName());
            RunResult result = coordinator.run("What is 17 * 24? Show the working.");
            System.out.println(result instanceof RunResult.Success ok ? ok.text() : result);
        }
    }
}
