package dev.trinity.coordinator.adapted;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Trinity installation folder: the one whose {@code priv/} holds the bundled tiny demo model and router vector,
 * and Sakana's router vector and artifact pin (a checkout of the repository, or a copy of its {@code priv/}).
 *
 * <p>Found from the system property {@code trinity.root} (the {@code coordinator} launcher and the test
 * configuration set it), else the environment variable {@code TRINITY_HOME}; the library never guesses.
 */
public final class Installation {

    /** The bundled tiny Qwen3 model folder (config, BF16 weights, the real Qwen3 tokenizer). */
    public static final String TINY_MODEL = "priv/qwen3-tiny";
    /** The bundled demo router vector, made for the tiny model (SVF offsets and head). */
    public static final String TINY_VECTOR = "priv/qwen3-tiny-svf/router_vector.safetensors";
    /** Sakana's released router vector for Qwen3-0.6B. */
    public static final String SAKANA_VECTOR = "priv/sakana/trinity_router_es_vector.safetensors";

    private Installation() {
    }

    /**
     * The installation folder named by {@code trinity.root} or {@code TRINITY_HOME}.
     *
     * @return the folder, absolute
     * @throws IllegalStateException when neither names a folder with {@code priv/} in it, saying how to set one
     */
    public static Path root() {
        Path found = configured();
        if (found == null) {
            throw new IllegalStateException("cannot find the Trinity installation folder (the one with priv/ in it): "
                    + "set TRINITY_HOME (or the system property trinity.root) to it, or pass the folder "
                    + "(RouterSource.bundledTiny(folder))");
        }
        return found;
    }

    /**
     * The installation folder when {@code trinity.root} or {@code TRINITY_HOME} names one, else null.
     *
     * @return the folder, absolute, or null
     */
    public static Path configured() {
        for (String value : new String[] {System.getProperty("trinity.root"), System.getenv("TRINITY_HOME")}) {
            if (value != null && !value.isBlank() && Files.isDirectory(Path.of(value, "priv"))) {
                return Path.of(value).toAbsolutePath();
            }
        }
        return null;
    }

    /**
     * A path below the installation folder.
     *
     * @param relative for example {@link #TINY_MODEL}
     * @return the path
     * @throws IllegalStateException when the installation folder is not configured
     */
    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
