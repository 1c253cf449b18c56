package dev.trinity.coordinator.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root (system property {@code trinity.root}, set by surefire) and shared test data. */
public final class TestPaths {

    private TestPaths() {
    }

    /** The repository root. */
    public static Path root() {
        String property = System.getProperty("trinity.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("priv"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("set -Dtrinity.root to the repository root");
        }
        return dir;
    }

    /** A path under the repository root. */
    public static Path repo(String relative) {
        return root().resolve(relative);
    }

    /**
     * A path under the project's shared data ({@code ../shared} beside the worktree, or {@code shared/} inside
     * it), for reference data that is not copied into the repository.
     */
    public static Path shared(String relative) {
        Path inside = root().resolve("shared").resolve(relative);
        if (Files.exists(inside)) {
            return inside;
        }
        return root().getParent().resolve("shared").resolve(relative);
    }
}
