package dev.trinity.coordinator.role;

import java.util.Locale;
import java.util.Optional;

/**
 * A TRINITY role in the router head's order: 0 Worker (the checkpoint's "solver"), 1 Thinker, 2 Verifier.
 */
public enum Role {
    /** Does the next concrete step and produces answer content. */
    WORKER(0, "Worker"),
    /** Analyses the state and proposes plans or critiques; may suggest the next role. */
    THINKER(1, "Thinker"),
    /** Checks the latest answer and starts its reply with ACCEPT or REVISE. */
    VERIFIER(2, "Verifier");

    private final int id;
    private final String displayName;

    Role(int id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** The role id in the router head (0, 1, 2). */
    public int id() {
        return id;
    }

    /** The public name: {@code Worker}, {@code Thinker} or {@code Verifier}. */
    public String displayName() {
        return displayName;
    }

    /** The lowercase name used in trace fields and mock scripts: {@code worker}, {@code thinker}, {@code verifier}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role with the given head id.
     *
     * @param id 0, 1 or 2
     * @return the role, or empty for any other id
     */
    public static Optional<Role> ofId(int id) {
        for (Role role : values()) {
            if (role.id == id) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves a role name or alias as the reference does: trimmed and lower-cased, {@code 0}/{@code w}/
     * {@code worker}/{@code solver} are the Worker, {@code 1}/{@code t}/{@code thinker} the Thinker and
     * {@code 2}/{@code v}/{@code verifier} the Verifier.
     *
     * @param name a name, alias or null
     * @return the role, or empty when the name is no known alias
     */
    public static Optional<Role> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "0":
            case "w":
            case "worker":
            case "solver":
                return Optional.of(WORKER);
            case "1":
            case "t":
            case "thinker":
                return Optional.of(THINKER);
            case "2":
            case "v":
            case "verifier":
                return Optional.of(VERIFIER);
            default:
                return Optional.empty();
        }
    }

    /**
     * The reference's {@code role_name}: the canonical name of an alias, else the original (untrimmed) string.
     *
     * @param name a name or alias
     * @return {@code Worker}/{@code Thinker}/{@code Verifier}, or {@code name} unchanged ("nil" for null)
     */
    public static String canonicalName(String name) {
        return parse(name).map(Role::displayName).orElse(name == null ? "nil" : name);
    }

    /**
     * The reference's {@code role_name} for an id: the role's name, else {@code UnknownRole}.
     *
     * @param id a head role id
     * @return the name
     */
    public static String nameOfId(int id) {
        return ofId(id).map(Role::displayName).orElse("UnknownRole");
    }
}
