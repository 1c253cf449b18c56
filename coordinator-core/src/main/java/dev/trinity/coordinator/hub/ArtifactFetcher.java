package dev.trinity.coordinator.hub;

import dev.trinity.coordinator.artifact.ArtifactPin;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.Wording;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a pinned adapted bundle from a Hugging Face <em>dataset</em> repository (spec §4.5).
 *
 * <p>For each pinned file in order: if {@code dest/path} exists with the pinned SHA-256 it is kept; otherwise it is
 * downloaded from {@code {endpoint}/datasets/<repo_id>/resolve/<revision>/<path>} into {@code <path>.part} beside
 * it, hashed while streaming, and renamed into place atomically only when the hash matches. A corrupted download is
 * deleted; an interrupted one keeps its {@code .part}, which the next run resumes with an HTTP {@code Range} request.
 * In offline mode nothing is downloaded: every file must already be in place with the right hash.
 *
 * <pre>{@code
 * FetchReport report = ArtifactFetcher.builder(ArtifactPin.read(pinFile), dest)
 *     .settings(HubSettings.fromEnvironment(System.getenv()))
 *     .listener(progress)
 *     .build()
 *     .fetch();
 * }</pre>
 */
public final class ArtifactFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactFetcher.class);

    private final ArtifactPin pin;
    private final Path destination;
    private final HubSettings settings;
    private final OkHttpClient httpClient;
    private final boolean offline;
    private final FetchListener listener;

    private ArtifactFetcher(Builder builder) {
        this.pin = builder.pin;
        this.destination = builder.destination;
        this.settings = builder.settings == null ? HubSettings.defaults() : builder.settings;
        this.httpClient = builder.httpClient == null ? settings.newHttpClient() : builder.httpClient;
        this.offline = builder.offline;
        this.listener = builder.listener == null ? FetchListener.NONE : builder.listener;
    }

    /**
     * A builder; the pin and destination are required.
     *
     * @param pin the bundle to fetch
     * @param destination the bundle directory to fill (created if missing)
     * @return the builder
     */
    public static Builder builder(ArtifactPin pin, Path destination) {
        return new Builder(pin, destination);
    }

    /**
     * The download URL of a pinned file.
     *
     * @param path a pinned path
     * @return {@code {endpoint}/datasets/<repo_id>/resolve/<revision>/<path>}
     */
    public String urlOf(String path) {
        return settings.endpoint() + "/datasets/" + pin.repoId() + "/resolve/" + encodeSegment(pin.revision()) + "/"
                + encodePath(path);
    }

    /**
     * Fetches (or, offline, checks) every pinned file.
     *
     * @return what happened to each file
     * @throws FetchException naming the first file that could not be fetched, the cause and the fix
     * @throws IOException when the destination cannot be written
     */
    public FetchReport fetch() throws IOException {
        Files.createDirectories(destination);
        HubDownloader downloader = new HubDownloader(httpClient, settings.token(), listener);
        List<FetchReport.FetchedFile> done = new ArrayList<>();
        int index = 0;
        for (ArtifactPin.PinnedFile file : pin.files()) {
            index++;
            Path target = destination.resolve(file.path()).normalize();
            if (!target.startsWith(destination.normalize())) {
                throw new FetchException(file.path(), HubDownloader.failure(file.path(), "the path leaves "
                        + destination, "use an unmodified pin file"), null);
            }
            int position = index;
            HubDownloader.notifySafely(LOG, () -> listener.fileStarted(file.path(), position, pin.files().size()));
            ExpectedContent expected = ExpectedContent.sha256(file.sha256(), -1);
            if (Files.isRegularFile(target)) {
                if (expected.matches(target)) {
                    LOG.debug("{} already present with sha256 {}", file.path(), file.sha256());
                    HubDownloader.notifySafely(LOG, () -> listener.fileAlreadyPresent(file.path()));
                    done.add(new FetchReport.FetchedFile(file.path(), target, FetchReport.Outcome.PRESENT,
                            Files.size(target)));
                    continue;
                }
                if (offline) {
                    throw new FetchException(file.path(), HubDownloader.failure(file.path(), target + " has sha256 "
                            + expected.digestOf(target) + " but the pin says " + file.sha256(),
                            "run without ", Setting.OFFLINE, " to download it again"), null);
                }
            } else if (offline) {
                throw new FetchException(file.path(), HubDownloader.failure(file.path(), Wording.of(target
                        + " is missing and ", Setting.OFFLINE, " forbids downloading"), "run without ", Setting.OFFLINE,
                        ", or copy the bundle into " + destination), null);
            }
            String url = urlOf(file.path());
            LOG.info("downloading {} from {}", file.path(), url);
            boolean resumed = downloader.download(url, target, file.path(), expected);
            long bytes = Files.size(target);
            HubDownloader.notifySafely(LOG, () -> listener.fileDownloaded(file.path(), bytes, resumed));
            done.add(new FetchReport.FetchedFile(file.path(), target,
                    resumed ? FetchReport.Outcome.RESUMED : FetchReport.Outcome.DOWNLOADED, bytes));
        }
        return new FetchReport(destination, done);
    }

    static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(encodeSegment(segment));
        }
        return out.toString();
    }

    static String encodeSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Builds an {@link ArtifactFetcher}. */
    public static final class Builder {
        private final ArtifactPin pin;
        private final Path destination;
        private HubSettings settings;
        private OkHttpClient httpClient;
        private boolean offline;
        private FetchListener listener;

        private Builder(ArtifactPin pin, Path destination) {
            this.pin = Objects.requireNonNull(pin, "pin");
            this.destination = Objects.requireNonNull(destination, "destination").toAbsolutePath();
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

        /** Only check what is already there; never download. */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** Progress callbacks. */
        public Builder listener(FetchListener listener) {
            this.listener = listener;
            return this;
        }

        /** Builds the fetcher. */
        public ArtifactFetcher build() {
            return new ArtifactFetcher(this);
        }
    }
}
