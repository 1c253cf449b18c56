package dev.trinity.coordinator.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates files of the repository (priv/, examples/) from tests; surefire sets {@code trinity.root}. */
public final class RepoFiles {

    private RepoFiles() {
    }

    /** The repository root. */
    public static Path root() {
        String configured = System.getProperty("trinity.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("priv")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (with priv/) above " + start);
    }

    /** A path below the repository root. */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
