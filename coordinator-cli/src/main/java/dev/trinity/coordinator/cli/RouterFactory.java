package dev.trinity.coordinator.cli;

import dev.trinity.coordinator.loop.Router;

/**
 * Makes the loop's router from the router flags. The default loads the Qwen3 router ({@link QwenRouterFactory});
 * tests and embedders pass their own.
 */
@FunctionalInterface
public interface RouterFactory {

    /**
     * Loads the router.
     *
     * @param spec the router flags
     * @return a router; close it with {@link AutoCloseable} when it holds native resources
     */
    Router create(RouterSpec spec);
}
