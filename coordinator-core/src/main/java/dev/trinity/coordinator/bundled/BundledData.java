package dev.trinity.coordinator.bundled;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the installation root, whose {@code priv/} folder holds the bundled tiny model and the Sakana router data.
 *
 * <p>Looked up in order: the system property {@code trinity.root} (set by the {@code coordinator} launcher and the
 * test configuration), the environment variable {@code TRINITY_HOME}, then the working directory and its parents.
 */
public final class BundledData {

    /** The bundled tiny Qwen3 model folder (config, BF16 weights, the real Qwen3 tokenizer). */
    public static final String TINY_MODEL = "priv/qwen3-tiny";

    private BundledData() {
    }

    /**
     * The installation root.
     *
     * @throws IllegalStateException saying where it looked and how to point at it
     */
    public static Path root() {
        String property = System.getProperty("trinity.root");
        if (property != null && !property.isBlank() && Files.isDirectory(Path.of(property, "priv"))) {
            return Path.of(property).toAbsolutePath();
        }
        String env = System.getenv("TRINITY_HOME");
        if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env, "priv"))) {
            return Path.of(env).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("priv")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the bundled data folder priv/; run from the repository or set "
                + "TRINITY_HOME (or -Dtrinity.root) to the directory that contains priv/");
    }

    /** A path below the installation root, such as {@code priv/qwen3-tiny}. */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
