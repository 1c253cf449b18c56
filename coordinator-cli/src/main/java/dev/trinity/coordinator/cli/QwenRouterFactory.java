package dev.trinity.coordinator.cli;

import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.loop.ModelRouter;
import dev.trinity.coordinator.loop.Router;
import dev.trinity.coordinator.loop.TurnRoute;
import dev.trinity.coordinator.route.RoutingOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** The production {@link RouterFactory}: the Qwen3 router with the spec's selection, closed after the run. */
final class QwenRouterFactory implements RouterFactory {

    private final PrintWriter err;

    QwenRouterFactory(PrintWriter err) {
        this.err = err;
    }

    @Override
    public Router create(RouterSpec spec) {
        return new Closing(RouterLoading.load(spec, err), spec.routing());
    }

    /** The loaded model's loop router, closing the model with the run. */
    private static final class Closing implements Router, AutoCloseable {
        private final LoadedRouter loaded;
        private final ModelRouter router;

        Closing(LoadedRouter loaded, RoutingOptions routing) {
            this.loaded = loaded;
            this.router = loaded.loopRouter(routing);
        }

        @Override
        public RoutingOptions routingOptions() {
            return router.routingOptions();
        }

        @Override
        public TurnRoute route(List<Message> messages) {
            return router.route(messages);
        }

        @Override
        public int numAgents() {
            return router.numAgents();
        }

        @Override
        public int numRoles() {
            return router.numRoles();
        }

        @Override
        public Map<String, String> runtimeMetadata() {
            return router.runtimeMetadata();
        }

        @Override
        public void close() {
            loaded.close();
        }
    }
}
