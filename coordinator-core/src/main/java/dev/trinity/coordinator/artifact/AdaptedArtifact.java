package dev.trinity.coordinator.artifact;

import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.route.AgentSlots;
import dev.trinity.coordinator.route.ArtifactIdentity;
import dev.trinity.coordinator.route.RouterHead;
import dev.trinity.coordinator.safetensors.DType;
import dev.trinity.coordinator.safetensors.SafetensorsFile;
import dev.trinity.coordinator.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An adapted-artifact bundle on disk: its manifest, router head and adapted tensors (spec §4).
 *
 * <pre>{@code
 * AdaptedArtifact artifact = AdaptedArtifact.load(dir);      // manifest read, completeness checked
 * RouterHead head = artifact.loadRouterHead();               // sha256, key, shape, invariants
 * for (SelectedTensor entry : artifact.selectedTensors()) {
 *     AdaptedTensor tensor = artifact.loadAdaptedTensor(entry, true);  // sha256, key, shape, dtype
 * }
 * }</pre>
 *
 * <p>Every problem raises {@link MalformedArtifactException} with one line naming the file and the fix.
 */
public final class AdaptedArtifact {

    private final Path directory;
    private final Path manifestFile;
    private final ArtifactManifest manifest;
    private final String manifestSha256;

    private AdaptedArtifact(Path directory, Path manifestFile, ArtifactManifest manifest, String manifestSha256) {
        this.directory = directory;
        this.manifestFile = manifestFile;
        this.manifest = manifest;
        this.manifestSha256 = manifestSha256;
    }

    /**
     * Opens a bundle: the directory must exist and hold a readable manifest with every required key.
     * Completeness is not checked; see {@link #load(Path)}.
     *
     * @param directory the bundle directory
     * @return the bundle
     * @throws MalformedArtifactException when the directory or manifest is missing or malformed
     * @throws IOException when a file cannot be read
     */
    public static AdaptedArtifact open(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) {
            throw new MalformedArtifactException(directory, "artifact directory \"" + directory + "\" does not exist "
                    + "or is not a directory. Fetch a bundle with 'coordinator artifact fetch --dest " + directory
                    + "' or point at an existing one");
        }
        Path manifestFile = directory.resolve(ArtifactManifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            throw new MalformedArtifactException(manifestFile, "artifact directory \"" + directory + "\" exists but \""
                    + manifestFile + "\" is missing. The directory may be partially populated; run "
                    + "'coordinator artifact fetch --dest " + directory + "'");
        }
        byte[] bytes = Files.readAllBytes(manifestFile);
        ArtifactManifest manifest = ArtifactManifest.parse(bytes, manifestFile);
        return new AdaptedArtifact(directory, manifestFile, manifest, Sha256.of(bytes));
    }

    /**
     * Opens a bundle and checks that its manifest describes a finished export (spec §4.3 step 1).
     *
     * @param directory the bundle directory
     * @return the bundle
     * @throws MalformedArtifactException when the bundle is missing, malformed or incomplete
     * @throws IOException when a file cannot be read
     */
    public static AdaptedArtifact load(Path directory) throws IOException {
        AdaptedArtifact artifact = open(directory);
        artifact.manifest.checkComplete(artifact.manifestFile);
        return artifact;
    }

    /** The bundle directory. */
    public Path directory() {
        return directory;
    }

    /** The manifest file. */
    public Path manifestFile() {
        return manifestFile;
    }

    /** The manifest. */
    public ArtifactManifest manifest() {
        return manifest;
    }

    /** SHA-256 of the manifest file bytes. */
    public String manifestSha256() {
        return manifestSha256;
    }

    /** The identity recorded with each route decision. */
    public ArtifactIdentity identity() {
        return new ArtifactIdentity(manifestSha256, manifestFile.toString(), manifest.baseModelRepo(),
                manifest.bumblebeeModule(), manifest.architecture(), manifest.sourceVectorSha256());
    }

    /** The agent slot labels of the manifest (empty labels give {@code agent_<n>}). */
    public AgentSlots agentSlots() {
        return new AgentSlots(manifest.agentLabels());
    }

    /** The selected tensors in selection order. */
    public List<SelectedTensor> selectedTensors() {
        return manifest.selectedTensors() == null ? List.of() : List.copyOf(manifest.selectedTensors());
    }

    /** The router head file. */
    public Path routerHeadFile() throws MalformedArtifactException {
        return resolveInside(manifest.routerHeadArtifact(), "router_head_artifact");
    }

    /**
     * Loads and checks the router head (spec §4.3 step 2 and §2.3): file present, SHA-256 equal to
     * {@code router_head_sha256} (unless that is null or empty), tensor key present, shape equal to
     * {@code router_head_shape}, then the head invariants.
     *
     * @return the head
     * @throws MalformedArtifactException naming the file and the fix
     * @throws IOException when a file cannot be read
     */
    public RouterHead loadRouterHead() throws IOException {
        Path file = routerHeadFile();
        if (!Files.isRegularFile(file)) {
            throw new MalformedArtifactException(file, "router head \"" + file + "\" is missing. Fetch the bundle "
                    + "again with 'coordinator artifact fetch --dest " + directory + "'");
        }
        String expected = manifest.routerHeadSha256();
        if (expected != null && !expected.isEmpty()) {
            String actual = Sha256.ofFile(file);
            if (!actual.equalsIgnoreCase(expected)) {
                throw new MalformedArtifactException(file, "router_head sha256 mismatch: expected " + expected
                        + ", got " + actual + " (\"" + file + "\"). The file is corrupted or from another bundle; "
                        + "fetch the bundle again");
            }
        }
        String key = manifest.routerHeadTensorKey();
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            if (!safetensors.contains(key)) {
                throw new MalformedArtifactException(file, "missing tensor \"" + key + "\" in \"" + file
                        + "\". Check router_head_tensor_key in the manifest or fetch the bundle again");
            }
            TensorInfo info = safetensors.tensor(key);
            if (info.shape().length != 2 || !info.dtype().isFloating()) {
                throw new MalformedArtifactException(file, "router head \"" + file + "\" is " + info.dtype() + " "
                        + Arrays.toString(info.shape()) + "; a router head is a 2-D float tensor [outputs, hidden]. "
                        + "Fetch the bundle again");
            }
            List<Integer> declared = manifest.declaredHeadShape();
            RouterHead head;
            try {
                head = RouterHead.of(safetensors.readFloats(key), (int) info.shape()[0], (int) info.shape()[1]);
                head.checkDeclaredShape(declared);
            } catch (IllegalArgumentException e) {
                throw new MalformedArtifactException(file, e.getMessage() + " (\"" + file + "\"). The head and "
                        + "manifest belong to different bundles; fetch the bundle again", e);
            }
            return head;
        }
    }

    /**
     * Loads every adapted tensor in selection order. For the real bundle this holds about 1.4 GB of floats;
     * prefer {@link #loadAdaptedTensor} one entry at a time.
     *
     * @param verifySha256 whether to hash each file against the manifest (skip only right after a full verify)
     * @return the tensors
     * @throws MalformedArtifactException for an empty selection or any bad entry
     * @throws IOException when a file cannot be read
     */
    public List<AdaptedTensor> loadAdaptedTensors(boolean verifySha256) throws IOException {
        List<SelectedTensor> entries = selectedTensors();
        if (entries.isEmpty()) {
            throw new MalformedArtifactException(manifestFile, "manifest \"" + manifestFile + "\" has no "
                    + "selected_tensors; this bundle only carries a router head. Use a full adapted bundle");
        }
        if (manifest.layout() == ArtifactLayout.SINGLE_FILE && verifySha256) {
            verifySingleFileSha256();
        }
        List<AdaptedTensor> out = new ArrayList<>(entries.size());
        for (SelectedTensor entry : entries) {
            out.add(loadAdaptedTensor(entry, verifySha256 && manifest.layout() != ArtifactLayout.SINGLE_FILE));
        }
        return out;
    }

    /**
     * Loads one adapted tensor (spec §4.3 step 3): entry status complete, file present, SHA-256 (checkpoint
     * layout, when asked), tensor key present, shape and dtype equal to the entry's.
     *
     * @param entry one of {@link #selectedTensors()}
     * @param verifySha256 whether to hash the checkpoint file against {@code checkpoint_sha256} (for the
     *     single-file layout, call {@link #verifySingleFileSha256()} instead)
     * @return the tensor, values as float32, Axon orientation
     * @throws MalformedArtifactException naming the file and the fix
     * @throws IOException when a file cannot be read
     */
    public AdaptedTensor loadAdaptedTensor(SelectedTensor entry, boolean verifySha256) throws IOException {
        Path file = tensorFile(entry);
        checkTensorFilePresent(entry, file);
        if (verifySha256 && manifest.layout() == ArtifactLayout.CHECKPOINT_DIRECTORY) {
            verifyCheckpointSha256(entry, file);
        }
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            TensorInfo info = checkTensorHeader(entry, file, safetensors);
            return new AdaptedTensor(entry, file, info.dtype(), info.shape(), safetensors.readFloats(info.name()));
        }
    }

    /**
     * Like {@link #loadAdaptedTensor} (same checks), but maps the tensor's raw little-endian bytes instead of
     * converting them: for the vocabulary-sized embedding, whose rows are then read only when looked up.
     *
     * @return the header entry and the mapped bytes (valid after the file is closed)
     */
    public MappedTensor mapAdaptedTensor(SelectedTensor entry, boolean verifySha256) throws IOException {
        Path file = tensorFile(entry);
        checkTensorFilePresent(entry, file);
        if (verifySha256 && manifest.layout() == ArtifactLayout.CHECKPOINT_DIRECTORY) {
            verifyCheckpointSha256(entry, file);
        }
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            TensorInfo info = checkTensorHeader(entry, file, safetensors);
            return new MappedTensor(info, safetensors.mapTensor(info.name()));
        }
    }

    /**
     * A tensor's header entry and its mapped bytes.
     *
     * @param info name, dtype and shape (bundle orientation)
     * @param bytes little-endian data, read-only
     */
    public record MappedTensor(TensorInfo info, java.nio.ByteBuffer bytes) {
    }

    /**
     * Checks the single-file layout's {@code adapted_tensors_sha256}.
     *
     * @throws MalformedArtifactException when the file is missing or its hash differs
     * @throws IOException when the file cannot be read
     */
    public void verifySingleFileSha256() throws IOException {
        Path file = resolveInside(manifest.adaptedTensorsArtifact(), "adapted_tensors_artifact");
        if (!Files.isRegularFile(file)) {
            throw new MalformedArtifactException(file, "adapted tensors file \"" + file + "\" is missing. Fetch the "
                    + "bundle again");
        }
        String expected = manifest.adaptedTensorsSha256();
        if (expected == null || expected.isEmpty()) {
            throw new MalformedArtifactException(manifestFile, "manifest \"" + manifestFile + "\" has layout "
                    + "single_file but no adapted_tensors_sha256. Use the bundle's original manifest.json");
        }
        String actual = Sha256.ofFile(file);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new MalformedArtifactException(file, "adapted_tensors sha256 mismatch: expected " + expected
                    + ", got " + actual + " (\"" + file + "\"). The file is corrupted; fetch the bundle again");
        }
    }

    /** The file holding an entry's tensor: its checkpoint, or the single adapted-tensors file. */
    Path tensorFile(SelectedTensor entry) throws MalformedArtifactException {
        if (manifest.layout() == ArtifactLayout.SINGLE_FILE) {
            return resolveInside(manifest.adaptedTensorsArtifact(), "adapted_tensors_artifact");
        }
        return resolveInside(entry.checkpointPath(), "selected_tensors[" + entry.index() + "].checkpoint_path");
    }

    void checkTensorFilePresent(SelectedTensor entry, Path file) throws MalformedArtifactException {
        if (!"complete".equals(entry.status())) {
            throw new MalformedArtifactException(manifestFile, "cannot load incomplete adapted tensor \""
                    + entry.path() + "\" (status \"" + entry.status() + "\" in \"" + manifestFile + "\"). Finish the "
                    + "export or fetch the pinned bundle");
        }
        if (!Files.isRegularFile(file)) {
            throw new MalformedArtifactException(file, "checkpoint \"" + file + "\" for \"" + entry.path()
                    + "\" is missing. Fetch the bundle again with 'coordinator artifact fetch --dest " + directory
                    + "'");
        }
    }

    void verifyCheckpointSha256(SelectedTensor entry, Path file) throws IOException {
        String expected = entry.checkpointSha256();
        if (expected == null || expected.isEmpty()) {
            throw new MalformedArtifactException(manifestFile, "manifest \"" + manifestFile + "\" has no "
                    + "checkpoint_sha256 for \"" + entry.path() + "\". Use the bundle's original manifest.json");
        }
        String actual = Sha256.ofFile(file);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new MalformedArtifactException(file, "checkpoint sha256 mismatch for \"" + file + "\": expected "
                    + expected + ", got " + actual + ". The file is corrupted; delete it and run "
                    + "'coordinator artifact fetch' again");
        }
    }

    /** Checks the tensor's key, shape and dtype in an open file; returns its header entry. */
    TensorInfo checkTensorHeader(SelectedTensor entry, Path file, SafetensorsFile safetensors)
            throws MalformedArtifactException {
        String key = entry.artifactKey();
        if (key == null || !safetensors.contains(key)) {
            throw new MalformedArtifactException(file, "missing tensor \"" + key + "\" in \"" + file
                    + "\". The file belongs to another bundle; fetch the bundle again");
        }
        TensorInfo info;
        try {
            info = safetensors.tensor(key);
        } catch (IOException e) {
            throw new MalformedArtifactException(file, e.getMessage(), e);
        }
        long[] expectedShape = entry.shapeArray();
        if (expectedShape == null || !Arrays.equals(info.shape(), expectedShape)) {
            throw new MalformedArtifactException(file, "checkpoint \"" + file + "\": tensor \"" + key + "\" has shape "
                    + Arrays.toString(info.shape()) + " but the manifest says " + entry.shape()
                    + ". The file belongs to another bundle; fetch the bundle again");
        }
        DType expectedType = ElixirTypes.toDType(entry.type()).orElse(null);
        if (expectedType != info.dtype()) {
            throw new MalformedArtifactException(file, "checkpoint \"" + file + "\": tensor \"" + key + "\" is "
                    + info.dtype() + " but the manifest says type " + entry.type() + ". The file belongs to another "
                    + "bundle; fetch the bundle again");
        }
        if (!info.dtype().isFloating()) {
            throw new MalformedArtifactException(file, "checkpoint \"" + file + "\": tensor \"" + key + "\" is "
                    + info.dtype() + "; adapted tensors are floating point");
        }
        return info;
    }

    /**
     * The exact size a safetensors file must have: 8 + header length + the end of its last tensor.
     *
     * @param file an opened, valid safetensors file's path
     * @param safetensors the opened file
     * @return the expected size in bytes
     * @throws IOException when the header length cannot be read
     */
    static long expectedFileSize(Path file, SafetensorsFile safetensors) throws IOException {
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (length.hasRemaining() && channel.read(length) >= 0) {
                // read the 8-byte header length
            }
        }
        long dataEnd = 0;
        for (TensorInfo info : safetensors.tensors()) {
            dataEnd = Math.max(dataEnd, info.end());
        }
        return 8 + length.flip().getLong() + dataEnd;
    }

    /** Resolves a manifest-relative path, refusing absolute paths and paths that leave the bundle. */
    Path resolveInside(String relative, String field) throws MalformedArtifactException {
        if (relative == null || relative.isBlank()) {
            throw new MalformedArtifactException(manifestFile, "manifest \"" + manifestFile + "\" has no " + field
                    + ". Use the bundle's original manifest.json");
        }
        Path resolved = directory.resolve(relative).normalize();
        if (Path.of(relative).isAbsolute() || !resolved.startsWith(directory.normalize())) {
            throw new MalformedArtifactException(manifestFile, "manifest \"" + manifestFile + "\": " + field + " \""
                    + relative + "\" points outside the bundle. Use the bundle's original manifest.json");
        }
        return resolved;
    }

    @Override
    public String toString() {
        return "AdaptedArtifact[" + directory + ", manifest " + manifestSha256.substring(0, 12) + "…]";
    }
}
