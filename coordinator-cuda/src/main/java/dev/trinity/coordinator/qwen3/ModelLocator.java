package dev.trinity.coordinator.qwen3;

import dev.trinity.coordinator.setting.MissingInputException;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.Wording;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds a Hugging Face model folder: an explicit directory, else the Hugging Face cache
 * ({@code HF_HUB_CACHE}, {@code HF_HOME/hub}, {@code ~/.cache/huggingface/hub}), in the layout
 * {@code models--Qwen--Qwen3-0.6B/snapshots/<revision>}.
 */
public final class ModelLocator {

    /** The base model the router runs on. */
    public static final String DEFAULT_REPO = "Qwen/Qwen3-0.6B";

    private final Map<String, String> env;
    private final Path home;

    /** A locator reading the given environment and home directory (tests pass their own). */
    public ModelLocator(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    /** A locator over the real environment. */
    public static ModelLocator system() {
        return new ModelLocator(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The Hugging Face hub cache folders to search, in order. */
    public List<Path> cacheDirs() {
        List<Path> dirs = new ArrayList<>();
        if (notBlank(env.get("HF_HUB_CACHE"))) {
            dirs.add(Path.of(env.get("HF_HUB_CACHE")));
        }
        if (notBlank(env.get("HF_HOME"))) {
            dirs.add(Path.of(env.get("HF_HOME"), "hub"));
        }
        dirs.add(home.resolve(".cache/huggingface/hub"));
        return dirs;
    }

    /**
     * Resolves the model folder.
     *
     * @param explicit the model folder the caller gave, or null to search the cache for {@code repo}
     * @throws MissingInputException one line saying where it looked and how to get the model
     * @throws IOException when a cache folder cannot be listed
     */
    public Path locate(Path explicit, String repo) throws IOException {
        if (explicit != null) {
            if (!Files.isDirectory(explicit)) {
                throw new MissingInputException(Wording.of("model directory " + explicit + " does not exist; point ",
                        Setting.MODEL_DIR, " at a Hugging Face snapshot folder, or run 'coordinator model fetch " + repo
                        + "'"));
            }
            if (!Files.isRegularFile(explicit.resolve("config.json"))) {
                throw new MissingInputException(Wording.of("model directory " + explicit + " has no config.json; "
                        + "point ", Setting.MODEL_DIR, " at a Hugging Face snapshot folder (config.json, "
                        + "model.safetensors, tokenizer.json)"));
            }
            return explicit;
        }
        String folder = "models--" + repo.replace("/", "--");
        for (Path cache : cacheDirs()) {
            Path snapshots = cache.resolve(folder).resolve("snapshots");
            Path found = newestSnapshot(snapshots);
            if (found != null) {
                return found;
            }
        }
        throw new MissingInputException(Wording.of("model " + repo + " not found (looked in " + cacheDirs().stream()
                .map(p -> p.resolve(folder).toString()).reduce((a, b) -> a + ", " + b).orElse("")
                + "); run 'coordinator model fetch " + repo + "' or pass ", Setting.MODEL_DIR, " DIR"));
    }

    private static Path newestSnapshot(Path snapshots) throws IOException {
        if (!Files.isDirectory(snapshots)) {
            return null;
        }
        try (Stream<Path> entries = Files.list(snapshots)) {
            return entries.filter(p -> Files.isRegularFile(p.resolve("config.json")))
                    .max(Comparator.comparing(ModelLocator::modified))
                    .orElse(null);
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
