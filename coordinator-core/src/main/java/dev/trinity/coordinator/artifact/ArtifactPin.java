package dev.trinity.coordinator.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.json.JsonFiles;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.Wording;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The pin of a published adapted bundle ({@code artifact_pin.json}, spec §4.5): a Hugging Face dataset repository,
 * a revision, and the SHA-256 of every file.
 *
 * @param version the pin format version, 1
 * @param repoId the dataset repository, for example {@code nshkrdotcom/trinity-coordinator-adapted-qwen3-0.6b}
 * @param revision a tag, branch or commit, for example {@code v1.0.0}
 * @param manifestSha256 the manifest's SHA-256 (carried along; also listed in files)
 * @param files the files in download order, paths relative to the bundle
 */
public record ArtifactPin(int version, String repoId, String revision, String manifestSha256,
                          List<PinnedFile> files) {

    /** The only pin version this code reads. */
    public static final int SUPPORTED_VERSION = 1;

    private static final List<String> REQUIRED_KEYS = List.of("repo_id", "revision", "files", "version");

    /**
     * One pinned file.
     *
     * @param path relative path inside the bundle, {@code /}-separated
     * @param sha256 its SHA-256, lowercase hex
     */
    public record PinnedFile(String path, String sha256) {
        /** Validates the fields. */
        public PinnedFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /** Copies the file list. */
    public ArtifactPin {
        Objects.requireNonNull(repoId, "repoId");
        Objects.requireNonNull(revision, "revision");
        files = List.copyOf(Objects.requireNonNull(files, "files"));
    }

    /**
     * Reads and checks a pin: required keys {@code repo_id}, {@code revision}, {@code files}, {@code version};
     * version 1; every file a safe relative path with a 64-hex-digit SHA-256.
     *
     * @param file the pin file
     * @return the pin
     * @throws MalformedArtifactException with the reference's texts ({@code artifact pin "<path>" missing required
     *     key "<k>"}, {@code … carries unsupported pin version N; this codebase understands version 1})
     * @throws IOException when the file cannot be read
     */
    public static ArtifactPin read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new MalformedArtifactException(file, Wording.of("artifact pin \"" + file + "\" does not exist. Pass ",
                    Setting.PIN_FILE, " (the shipped one is priv/sakana/artifact_pin.json)"), e);
        } catch (JsonProcessingException e) {
            throw new MalformedArtifactException(file, "artifact pin \"" + file + "\" is not valid JSON ("
                    + JsonFiles.describe(e) + "). Restore the pin file", e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedArtifactException(file, "artifact pin \"" + file + "\" is not a JSON object. Restore "
                    + "the pin file");
        }
        for (String key : REQUIRED_KEYS) {
            if (root.get(key) == null || root.get(key).isNull()) {
                throw new MalformedArtifactException(file, "artifact pin \"" + file + "\" missing required key \""
                        + key + "\". Restore the pin file");
            }
        }
        JsonNode version = root.get("version");
        if (!version.isIntegralNumber() || version.asInt() != SUPPORTED_VERSION) {
            throw new MalformedArtifactException(file, "artifact pin \"" + file + "\" carries unsupported pin version "
                    + version + "; this codebase understands version " + SUPPORTED_VERSION);
        }
        if (!root.get("files").isArray() || root.get("files").isEmpty()) {
            throw new MalformedArtifactException(file, "artifact pin \"" + file + "\": files must be a non-empty list "
                    + "of {path, sha256}. Restore the pin file");
        }
        List<PinnedFile> files = new ArrayList<>();
        for (JsonNode entry : root.get("files")) {
            String path = entry.path("path").asText(null);
            String sha = entry.path("sha256").asText(null);
            if (path == null || !isSafeRelativePath(path)) {
                throw new MalformedArtifactException(file, "artifact pin \"" + file + "\" lists an unsafe or missing "
                        + "path " + entry.get("path") + "; paths must be relative and stay inside the bundle");
            }
            if (!Sha256.isHex(sha)) {
                throw new MalformedArtifactException(file, "artifact pin \"" + file + "\": file \"" + path
                        + "\" has no valid sha256 (64 hex digits). Restore the pin file");
            }
            files.add(new PinnedFile(path, sha.toLowerCase(Locale.ROOT)));
        }
        JsonNode manifestSha = root.get("manifest_sha256");
        return new ArtifactPin(SUPPORTED_VERSION, root.get("repo_id").asText(), root.get("revision").asText(),
                manifestSha == null || manifestSha.isNull() ? null : manifestSha.asText(), files);
    }

    /**
     * Whether a path is relative, {@code /}-separated and never climbs out with {@code ..}.
     *
     * @param path a file path from a pin or a Hugging Face listing
     * @return true when it is safe to resolve below a folder
     */
    public static boolean isSafeRelativePath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains(":")
                || path.indexOf('\0') >= 0) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
