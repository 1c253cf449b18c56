package dev.trinity.coordinator.testing;

import java.nio.file.Path;

/** Files of the repository for tests: below the root that the build passes as {@code trinity.root}. */
public final class TestFiles {

    private TestFiles() {
    }

    /** The repository root. */
    public static Path root() {
        String root = System.getProperty("trinity.root");
        if (root == null || root.isBlank()) {
            throw new IllegalStateException("tests need -Dtrinity.root=<repository root> (the surefire configuration "
                    + "sets it)");
        }
        return Path.of(root).toAbsolutePath();
    }

    /** A path below the repository root, such as {@code priv/qwen3-tiny}. */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
