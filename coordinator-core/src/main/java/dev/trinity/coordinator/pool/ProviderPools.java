package dev.trinity.coordinator.pool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resolves a pool by name ({@code mock}, {@code default}, {@code gemini}; {@code gemini_cli_asm}, the reference's
 * name, is read as {@code gemini}) or by the path of a pool file.
 */
public final class ProviderPools {

    private ProviderPools() {
    }

    /** The names of the built-in pools, in the order help texts list them. */
    public static List<String> builtInNames() {
        return List.of("mock", "default", "gemini");
    }

    /** Whether a name (not a file) selects a built-in pool, aliases included. */
    public static boolean isBuiltIn(String name) {
        return name != null && (builtInNames().contains(name.strip()) || name.strip().equals("gemini_cli_asm"));
    }

    /**
     * Resolves {@code --provider-pool}.
     *
     * @param nameOrFile {@code mock}, {@code default}, {@code gemini}, or a path to a JSON pool file
     * @return the pool
     * @throws IllegalArgumentException when it is neither, or the file is invalid
     */
    public static ProviderPool resolve(String nameOrFile) {
        if (nameOrFile == null || nameOrFile.isBlank()) {
            throw new IllegalArgumentException("provider pool must not be blank; use mock, default or a pool file");
        }
        String value = nameOrFile.strip();
        if (value.equals("mock")) {
            return ProviderPool.mock();
        }
        if (value.equals("default")) {
            return ProviderPool.defaultPool();
        }
        if (value.equals("gemini") || value.equals("gemini_cli_asm")) {
            return ProviderPool.gemini();
        }
        Path path = Path.of(value);
        if (Files.isRegularFile(path)) {
            return PoolFile.load(path);
        }
        throw new IllegalArgumentException("provider pool \"" + value + "\" is neither a built-in pool ("
                + String.join(", ", builtInNames()) + ") nor an existing pool file (see docs/loop.md)");
    }
}
