package dev.trinity.coordinator.cli;

import dev.trinity.coordinator.loop.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Creates the {@link Router} that {@code coordinator run} uses.
 *
 * <p>LEAD: WIRING POINT. The Qwen3 router (coordinator-cuda: hidden-state extractor + router head) implements
 * this interface and registers it in {@code META-INF/services/dev.trinity.coordinator.cli.RouterFactory}, or
 * {@link #discover()} is replaced by a direct construction. Until then {@code run} fails with one line saying no
 * router is installed; there is no fake router on the production path.
 */
public interface RouterFactory {

    /**
     * Loads the router.
     *
     * @param spec the router flags
     * @return a router; close it with {@link AutoCloseable} when it holds native resources
     */
    Router create(RouterSpec spec);

    /**
     * The router factory on the class path.
     *
     * @return the single registered factory
     * @throws CliFailure when none or several are registered
     */
    static RouterFactory discover() {
        List<RouterFactory> found = new ArrayList<>();
        ServiceLoader.load(RouterFactory.class).forEach(found::add);
        if (found.isEmpty()) {
            throw CliFailure.failed("no router is installed: coordinator-cuda must register a "
                    + RouterFactory.class.getName() + " (META-INF/services); rebuild with the cuda module");
        }
        if (found.size() > 1) {
            throw CliFailure.failed("several routers are installed (" + found
                    + "); keep one RouterFactory on the class path");
        }
        return found.get(0);
    }
}
