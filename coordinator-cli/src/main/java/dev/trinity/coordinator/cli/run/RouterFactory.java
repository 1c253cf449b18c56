package dev.trinity.coordinator.cli.run;

import dev.trinity.coordinator.cli.options.RouterSpec;
import dev.trinity.coordinator.loop.Router;

/**
 * Makes the loop's router from the router flags, for tests and embedders that route their own way; without one,
 * {@code coordinator run} loads the Qwen3 router through the library's {@code RouterLoader}.
 */
@FunctionalInterface
public interface RouterFactory {

    /**
     * Loads the router.
     *
     * @param spec the router flags
     * @return a router; it stays the factory's to close (the command never closes it)
     */
    Router create(RouterSpec spec);
}
