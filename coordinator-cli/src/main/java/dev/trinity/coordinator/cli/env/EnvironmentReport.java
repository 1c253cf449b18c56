package dev.trinity.coordinator.cli.env;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of {@link EnvironmentCheck#run()}: every fact established, in check order, and the first problem (null
 * when every check passed).
 *
 * @param problem null when ok; otherwise one line, {@code "<what is wrong>. <what to do>"}
 * @param facts what was established before the problem (all of it when ok), in check order
 */
public record EnvironmentReport(String problem, Map<String, String> facts) {

    /** Copies the facts, keeping their order, and makes the problem one line. */
    public EnvironmentReport {
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(facts, "facts")));
        problem = problem == null ? null : problem.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Whether every check passed. */
    public boolean ok() {
        return problem == null;
    }
}
