package dev.trinity.coordinator.pool;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where pool credentials come from; the coordinator never reads the environment on its own.
 *
 * <p>Values are secrets: they are used for requests and added to the trace redaction values, never printed.
 */
@FunctionalInterface
public interface CredentialSource {

    /**
     * Looks up a credential.
     *
     * @param name the reference, for example the environment variable a pool file names
     * @return the non-blank value, or empty
     */
    Optional<String> lookup(String name);

    /** No credentials at all. */
    static CredentialSource none() {
        return name -> Optional.empty();
    }

    /** The process environment, read only for the variables a pool names. */
    static CredentialSource environment() {
        return name -> nonBlank(System.getenv(name));
    }

    /**
     * A fixed map (tests, embedders with their own secret store).
     *
     * @param values name to value
     * @return the source
     */
    static CredentialSource of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(Objects.requireNonNull(values, "values"));
        return name -> nonBlank(copy.get(name));
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
