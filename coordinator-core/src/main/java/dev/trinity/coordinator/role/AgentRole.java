package dev.trinity.coordinator.role;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The three roles of the router head, in head order: row {@code numAgents + id} scores the role.
 *
 * <p>Sakana's raw names map to the public ones: {@code solver} is Worker (0), {@code thinker} is Thinker (1),
 * {@code verifier} is Verifier (2).
 */
public enum AgentRole {
    /** Does the next concrete step and produces answer content. */
    WORKER(0, "Worker", "solver", List.of("0", "w", "worker", "solver")),
    /** Analyses the state and proposes plans or critiques; may suggest the next role. */
    THINKER(1, "Thinker", "thinker", List.of("1", "t", "thinker")),
    /** Checks the latest answer and starts its reply with ACCEPT or REVISE. */
    VERIFIER(2, "Verifier", "verifier", List.of("2", "v", "verifier"));

    /** The name reported for a role id outside 0..2. */
    public static final String UNKNOWN_ROLE = "UnknownRole";

    private final int id;
    private final String displayName;
    private final String sakanaName;
    private final List<String> aliases;

    AgentRole(int id, String displayName, String sakanaName, List<String> aliases) {
        this.id = id;
        this.displayName = displayName;
        this.sakanaName = sakanaName;
        this.aliases = aliases;
    }

    /** The role id: its index among the role logits. */
    public int id() {
        return id;
    }

    /** The public name: {@code Worker}, {@code Thinker} or {@code Verifier}. */
    public String displayName() {
        return displayName;
    }

    /** The name in Sakana's training metadata: {@code solver}, {@code thinker} or {@code verifier}. */
    public String sakanaName() {
        return sakanaName;
    }

    /** The lowercase name used in trace fields and mock scripts: {@code worker}, {@code thinker}, {@code verifier}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role with an id.
     *
     * @param id a role id
     * @return the role, or empty for an id outside 0..2
     */
    public static Optional<AgentRole> fromId(int id) {
        for (AgentRole role : values()) {
            if (role.id == id) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /**
     * The public name of a role id.
     *
     * @param id a role id
     * @return {@code Worker}, {@code Thinker}, {@code Verifier}, or {@value #UNKNOWN_ROLE}
     */
    public static String nameOf(int id) {
        return fromId(id).map(AgentRole::displayName).orElse(UNKNOWN_ROLE);
    }

    /**
     * Resolves a role name, id or alias (trimmed, case-insensitive) as the reference does: {@code 0/w/worker/solver},
     * {@code 1/t/thinker}, {@code 2/v/verifier}.
     *
     * @param text a name, id, alias or null
     * @return the role, or empty when the text is no known alias
     */
    public static Optional<AgentRole> fromName(String text) {
        if (text != null) {
            String key = text.trim().toLowerCase(Locale.ROOT);
            for (AgentRole role : values()) {
                if (role.aliases.contains(key)) {
                    return Optional.of(role);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a role name, id or alias (trimmed, case-insensitive): {@code 0/w/worker/solver},
     * {@code 1/t/thinker}, {@code 2/v/verifier}.
     *
     * @param text the text
     * @return the role
     * @throws IllegalArgumentException naming the bad value and the accepted ones
     */
    public static AgentRole parse(String text) {
        return fromName(text).orElseThrow(() -> new IllegalArgumentException("unknown role \"" + text
                + "\"; expected one of 0/w/worker/solver, 1/t/thinker, 2/v/verifier"));
    }

    /**
     * The reference's {@code role_name}: the public name of an alias, else the original (untrimmed) string.
     *
     * @param name a name or alias
     * @return {@code Worker}/{@code Thinker}/{@code Verifier}, or {@code name} unchanged ("nil" for null)
     */
    public static String canonicalName(String name) {
        return fromName(name).map(AgentRole::displayName).orElse(name == null ? "nil" : name);
    }

    @Override
    public String toString() {
        return displayName;
    }
}
