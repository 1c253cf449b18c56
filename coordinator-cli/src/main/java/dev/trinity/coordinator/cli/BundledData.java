package dev.trinity.coordinator.cli;

import dev.trinity.coordinator.adapted.Installation;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the installation root, whose {@code priv/} folder holds the bundled tiny model and the Sakana router data,
 * and whose {@code examples/fixtures/} holds the prompt-eval cases.
 *
 * <p>Looked up in order: the system property {@code trinity.root} (set by the {@code coordinator} launcher and the
 * test configuration), the environment variable {@code TRINITY_HOME} (both {@link Installation}), then, for a CLI
 * started from a checkout by hand, the working directory and its parents.
 */
public final class BundledData {

    /** The bundled tiny Qwen3 model folder (config, BF16 weights, the real Qwen3 tokenizer). */
    public static final String TINY_MODEL = Installation.TINY_MODEL;

    private BundledData() {
    }

    /**
     * The installation root.
     *
     * @return the folder
     * @throws IllegalStateException saying where it looked and how to point at it
     */
    public static Path root() {
        Path configured = Installation.configured();
        if (configured != null) {
            return configured;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("priv")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the bundled data folder priv/; run from the repository or set "
                + "TRINITY_HOME (or -Dtrinity.root) to the directory that contains priv/");
    }

    /**
     * A path below the installation root, such as {@code priv/qwen3-tiny}.
     *
     * @param relative the path below the root
     * @return the path
     */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
