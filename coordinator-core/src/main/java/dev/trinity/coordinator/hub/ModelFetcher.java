package dev.trinity.coordinator.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.artifact.ArtifactPin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a model repository (for example {@code Qwen/Qwen3-0.6B}) into the Hugging Face cache layout, verified.
 *
 * <p>The file list comes from {@code GET {endpoint}/api/models/<repo>/revision/<revision>?blobs=true}: the commit
 * ({@code sha}) and per file ({@code siblings[]}) its {@code rfilename}, {@code size}, git {@code blobId} and, for
 * LFS files, {@code lfs.sha256}. Each file is fetched from {@code {endpoint}/<repo>/resolve/<commit>/<file>} into
 * {@code models--<org>--<name>/blobs/<sha256 or blob id>} (through a {@code .part} file, verified against the LFS
 * SHA-256 or the git blob id before an atomic rename), and linked from
 * {@code models--<org>--<name>/snapshots/<commit>/<file>}; {@code refs/<revision>} records the commit. Blobs already
 * present with the right hash are kept, and an interrupted blob resumes. Where symbolic links are not allowed the
 * snapshot gets a copy.
 */
public final class ModelFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFetcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String repoId;
    private final String revision;
    private final Path cacheDir;
    private final HubSettings settings;
    private final OkHttpClient httpClient;
    private final FetchListener listener;

    /**
     * The fetched snapshot.
     *
     * @param repoId the repository
     * @param commit the commit the revision resolved to
     * @param snapshotDir {@code <cache>/models--<org>--<name>/snapshots/<commit>}: pass it as {@code --model-dir}
     * @param report what happened to each file
     */
    public record Snapshot(String repoId, String commit, Path snapshotDir, FetchReport report) {
    }

    private ModelFetcher(Builder builder) {
        this.repoId = builder.repoId;
        this.revision = builder.revision;
        this.settings = builder.settings == null ? HubSettings.defaults() : builder.settings;
        this.cacheDir = builder.cacheDir;
        this.httpClient = builder.httpClient == null ? settings.newHttpClient() : builder.httpClient;
        this.listener = builder.listener == null ? FetchListener.NONE : builder.listener;
    }

    /**
     * A builder.
     *
     * @param repoId {@code <org>/<name>}, for example {@code Qwen/Qwen3-0.6B}
     * @param cacheDir the hub cache directory ({@link HubSettings#defaultCacheDir})
     * @return the builder
     */
    public static Builder builder(String repoId, Path cacheDir) {
        return new Builder(repoId, cacheDir);
    }

    /** The cache folder of a repository: {@code models--<org>--<name>}. */
    public static String repoFolderName(String repoId) {
        return "models--" + repoId.replace("/", "--");
    }

    /**
     * Resolves the revision, downloads what is missing and links the snapshot.
     *
     * @return the snapshot
     * @throws FetchException naming the file (or the file list) that failed, the cause and the fix
     * @throws IOException when the cache cannot be written
     */
    public Snapshot fetch() throws IOException {
        String apiUrl = settings.endpoint() + "/api/models/" + repoId + "/revision/"
                + ArtifactFetcher.encodeSegment(revision) + "?blobs=true";
        JsonNode info = getJson(apiUrl);
        String commit = info.path("sha").asText("");
        if (!commit.matches("[0-9a-f]{40}")) {
            throw new FetchException("(file list)", HubDownloader.failure(repoId + "@" + revision, "the hub's answer "
                    + "at " + apiUrl + " has no commit sha", "check HF_ENDPOINT points at a Hugging Face hub"), null);
        }
        List<RemoteFile> files = new ArrayList<>();
        for (JsonNode sibling : info.path("siblings")) {
            files.add(RemoteFile.of(sibling, apiUrl));
        }
        if (files.isEmpty()) {
            throw new FetchException("(file list)", HubDownloader.failure(repoId + "@" + revision, "the hub lists no "
                    + "files at " + apiUrl, "check the repository id and revision"), null);
        }
        Path repoDir = cacheDir.resolve(repoFolderName(repoId));
        Path snapshotDir = repoDir.resolve("snapshots").resolve(commit);
        Files.createDirectories(snapshotDir);
        HubDownloader downloader = new HubDownloader(httpClient, settings.token(), listener);
        List<FetchReport.FetchedFile> done = new ArrayList<>();
        int index = 0;
        for (RemoteFile file : files) {
            index++;
            int position = index;
            HubDownloader.notifySafely(LOG, () -> listener.fileStarted(file.name, position, files.size()));
            Path blob = repoDir.resolve("blobs").resolve(file.expected.digestHex());
            Path link = snapshotDir.resolve(file.name).normalize();
            FetchReport.Outcome outcome;
            if (file.expected.matches(blob)) {
                outcome = FetchReport.Outcome.PRESENT;
                HubDownloader.notifySafely(LOG, () -> listener.fileAlreadyPresent(file.name));
            } else {
                String url = settings.endpoint() + "/" + repoId + "/resolve/" + commit + "/"
                        + ArtifactFetcher.encodePath(file.name);
                LOG.info("downloading {} ({} bytes) from {}", file.name, file.size, url);
                boolean resumed = downloader.download(url, blob, file.name, file.expected);
                outcome = resumed ? FetchReport.Outcome.RESUMED : FetchReport.Outcome.DOWNLOADED;
                long size = file.size;
                HubDownloader.notifySafely(LOG, () -> listener.fileDownloaded(file.name, size, resumed));
            }
            linkIntoSnapshot(blob, link);
            done.add(new FetchReport.FetchedFile(file.name, link, outcome, file.size));
        }
        if (!revision.equals(commit)) {
            Path ref = repoDir.resolve("refs").resolve(revision);
            Files.createDirectories(ref.getParent());
            Files.writeString(ref, commit, StandardCharsets.UTF_8);
        }
        return new Snapshot(repoId, commit, snapshotDir, new FetchReport(snapshotDir, done));
    }

    private JsonNode getJson(String url) throws IOException {
        try (Response response = httpClient.newCall(HubDownloader.get(url, settings.token()).build()).execute()) {
            if (response.code() != 200) {
                throw new FetchException("(file list)", HubDownloader.httpFailure("the file list of " + repoId + "@"
                        + revision, response.code(), url), null);
            }
            return JSON.readTree(response.body().byteStream());
        } catch (FetchException e) {
            throw e;
        } catch (IOException e) {
            throw new FetchException("(file list)", HubDownloader.failure("the file list of " + repoId + "@" + revision,
                    "cannot read " + url + " (" + e.getMessage() + ")",
                    "check the network, HF_ENDPOINT and the proxy settings"), e);
        }
    }

    private static void linkIntoSnapshot(Path blob, Path link) throws IOException {
        Files.createDirectories(link.getParent());
        Path relative = link.getParent().relativize(blob);
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(relative)) {
            return;
        }
        Files.deleteIfExists(link);
        try {
            Files.createSymbolicLink(link, relative);
        } catch (UnsupportedOperationException | FileSystemException e) {
            Path part = HubDownloader.partFile(link);
            Files.copy(blob, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** One file of the hub's listing. */
    private static final class RemoteFile {
        final String name;
        final long size;
        final ExpectedContent expected;

        private RemoteFile(String name, long size, ExpectedContent expected) {
            this.name = name;
            this.size = size;
            this.expected = expected;
        }

        static RemoteFile of(JsonNode sibling, String apiUrl) throws FetchException {
            String name = sibling.path("rfilename").asText("");
            if (!ArtifactPin.isSafeRelativePath(name)) {
                throw new FetchException(name, HubDownloader.failure(name, "the hub listed an unsafe file name at "
                        + apiUrl, "check HF_ENDPOINT points at a trusted hub"), null);
            }
            JsonNode lfs = sibling.get("lfs");
            if (lfs != null && lfs.hasNonNull("sha256")) {
                long size = lfs.path("size").asLong(sibling.path("size").asLong(-1));
                return new RemoteFile(name, size, ExpectedContent.sha256(lfs.get("sha256").asText(), size));
            }
            String blobId = sibling.path("blobId").asText("");
            long size = sibling.path("size").asLong(-1);
            if (!blobId.matches("[0-9a-f]{40}") || size < 0) {
                throw new FetchException(name, HubDownloader.failure(name, "the hub's listing at " + apiUrl
                        + " has no blobId/size or lfs.sha256 for it", "request the listing with ?blobs=true from a "
                        + "Hugging Face hub"), null);
            }
            return new RemoteFile(name, size, ExpectedContent.gitBlob(blobId, size));
        }
    }

    /** Builds a {@link ModelFetcher}. */
    public static final class Builder {
        private final String repoId;
        private final Path cacheDir;
        private String revision = "main";
        private HubSettings settings;
        private OkHttpClient httpClient;
        private FetchListener listener;

        private Builder(String repoId, Path cacheDir) {
            Objects.requireNonNull(repoId, "repoId");
            if (!repoId.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException("repository id \"" + repoId + "\" is not <org>/<name>, for "
                        + "example Qwen/Qwen3-0.6B");
            }
            this.repoId = repoId;
            this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir").toAbsolutePath();
        }

        /** A branch, tag or commit (default {@code main}). */
        public Builder revision(String revision) {
            if (revision == null || revision.isBlank() || revision.contains("..") || revision.startsWith("/")) {
                throw new IllegalArgumentException("revision \"" + revision + "\" is not a branch, tag or commit");
            }
            this.revision = revision;
            return this;
        }

        /** Endpoint, token and proxy (default: the public hub, no token). */
        public Builder settings(HubSettings settings) {
            this.settings = settings;
            return this;
        }

        /** The HTTP client (default: {@link HubSettings#newHttpClient()}). */
        public Builder httpClient(OkHttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** Progress callbacks. */
        public Builder listener(FetchListener listener) {
            this.listener = listener;
            return this;
        }

        /** Builds the fetcher. */
        public ModelFetcher build() {
            return new ModelFetcher(this);
        }
    }
}
