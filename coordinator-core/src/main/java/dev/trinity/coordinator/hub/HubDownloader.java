package dev.trinity.coordinator.hub;

import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.Wording;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Objects;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one file safely: into {@code <target>.part} beside the target, hashing as it streams, resuming a kept
 * part with an HTTP {@code Range} request, and moving the part into place with an atomic rename only after the
 * hash matched. A corrupted download is deleted; an interrupted one keeps its part for the next run.
 */
final class HubDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(HubDownloader.class);
    private static final int BUFFER_BYTES = 1 << 16;
    private static final long PROGRESS_STEP_BYTES = 4L << 20;

    private final OkHttpClient client;
    private final String token;
    private final FetchListener listener;

    HubDownloader(OkHttpClient client, String token, FetchListener listener) {
        this.client = Objects.requireNonNull(client, "client");
        this.token = token;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * A GET request to the hub, with the token as a bearer {@code Authorization} header when there is one.
     *
     * @param url the full URL (no secrets in it)
     * @param token the hub token, or null
     * @return the request builder, for more headers
     */
    static Request.Builder get(String url, String token) {
        Request.Builder request = new Request.Builder().url(url).get();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    /**
     * Calls a {@link FetchListener} method; a listener that throws is logged as a warning and ignored, so a broken
     * progress display never breaks the fetch.
     *
     * @param log the fetcher's logger
     * @param call the listener call
     */
    static void notifySafely(Logger log, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("fetch listener failed; ignored", e);
        }
    }

    /** The temp file a download of {@code target} writes to. */
    static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /**
     * Downloads {@code url} to {@code target}.
     *
     * @param url the full URL (no secrets in it)
     * @param target the final file
     * @param path the repository path, for messages and progress
     * @param expected the hash (and size) the file must have
     * @return whether a kept part was resumed
     * @throws FetchException for HTTP errors, interrupted transfers and hash mismatches
     */
    boolean download(String url, Path target, String path, ExpectedContent expected) throws IOException {
        Files.createDirectories(target.getParent());
        Path part = partFile(target);
        MessageDigest digest = expected.newDigest();
        long have = 0;
        if (Files.isRegularFile(part)) {
            have = Sha256.update(digest, part);
            if (expected.size() >= 0 && have > expected.size()) {
                Files.delete(part);
                digest = expected.newDigest();
                have = 0;
            }
        }
        boolean resumed = false;
        Request.Builder request = get(url, token);
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        try (Response response = execute(request.build(), path, url)) {
            int code = response.code();
            if (code == 416 && have > 0) {
                // the kept part already holds the whole file; its hash decides
                LOG.debug("range not satisfiable for {}; checking the kept part", path);
                resumed = true;
            } else if (code == 206 && have > 0) {
                String range = response.header("Content-Range", "");
                if (!range.startsWith("bytes " + have + "-")) {
                    throw new FetchException(path, failure(path, "the server answered range " + range + " for a "
                            + "resume at byte " + have, "delete " + part + " and run again"), null);
                }
                resumed = true;
                have = stream(response.body(), part, true, digest, have, path, expected.size());
            } else if (code == 200) {
                if (have > 0) {
                    digest = expected.newDigest(); // the server ignored the range: start over
                    have = 0;
                }
                have = stream(response.body(), part, false, digest, 0, path, expected.size());
            } else {
                throw new FetchException(path, httpFailure(path, code, url), null);
            }
        }
        String actual = ExpectedContent.hex(digest);
        if (!actual.equals(expected.digestHex()) || (expected.size() >= 0 && have != expected.size())) {
            Files.deleteIfExists(part);
            throw new FetchException(path, failure(path, expected.label() + " mismatch: expected "
                    + expected.digestHex() + ", got " + actual + " (" + have + " bytes)",
                    "the download was corrupted and has been deleted; run the command again"), null);
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return resumed;
    }

    private Response execute(Request request, String path, String url) throws FetchException {
        try {
            return client.newCall(request).execute();
        } catch (IOException e) {
            throw new FetchException(path, failure(path, "cannot reach " + url + " (" + e.getMessage() + ")",
                    "check the network, HF_ENDPOINT and the proxy settings (HTTPS_PROXY or -Dhttps.proxyHost)"), e);
        }
    }

    private long stream(ResponseBody body, Path part, boolean append, MessageDigest digest, long start, String path,
                        long total) throws IOException {
        long received = start;
        long reported = start;
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (InputStream in = body.byteStream();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     mode)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                received += n;
                if (received - reported >= PROGRESS_STEP_BYTES) {
                    reported = received;
                    notifyBytes(path, received, total);
                }
            }
        } catch (IOException e) {
            throw new FetchException(path, failure(path, "download interrupted after " + received + " bytes ("
                    + e.getMessage() + ")", "run the same command again to resume from " + part.getFileName()), e);
        }
        notifyBytes(path, received, total);
        return received;
    }

    private void notifyBytes(String path, long received, long total) {
        try {
            listener.bytesReceived(path, received, total);
        } catch (RuntimeException e) {
            LOG.warn("fetch listener failed on progress of {}; ignored", path, e);
        }
    }

    /**
     * One line: {@code fetch failed for <path>: <reason>. <Fix>}.
     *
     * @param reason what went wrong: a text, or a {@link Wording} that names settings
     * @param fix what to do: texts and settings, the first a text starting in lower case (it is capitalised)
     */
    static Wording failure(String path, Object reason, Object... fix) {
        Object[] parts = fix.clone();
        String first = (String) parts[0];
        parts[0] = Character.toUpperCase(first.charAt(0)) + first.substring(1);
        return Wording.of("fetch failed for " + path + ": ", reason, ". ", Wording.of(parts));
    }

    static Wording httpFailure(String path, int code, String url) {
        if (code == 401 || code == 403) {
            return failure(path, "access denied (HTTP " + code + ") at " + url,
                    "set HF_TOKEN to a token that can read the repository");
        }
        if (code == 404) {
            return failure(path, "not found (HTTP 404) at " + url,
                    "check the repository id, revision and path (pin file or ", Setting.REVISION, ") and HF_ENDPOINT");
        }
        if (code == 429 || code >= 500) {
            return failure(path, "the hub answered HTTP " + code + " at " + url, "wait a moment and run again");
        }
        return failure(path, "unexpected HTTP " + code + " at " + url, "check HF_ENDPOINT and the proxy settings");
    }
}
