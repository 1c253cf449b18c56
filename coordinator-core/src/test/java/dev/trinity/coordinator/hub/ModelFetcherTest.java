package dev.trinity.coordinator.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.hash.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFetcherTest {

    private static final String COMMIT = "c1dbd1a0cd5a9b6b4a6f1f0b5e1b7c2a3d4e5f60";
    /** {@code printf 'hello config\n' | git hash-object --stdin}. */
    private static final String CONFIG_BLOB_ID = "e72f502801ddb0d49365aa294bb72f31b8dcb464";
    private static final byte[] CONFIG = "hello config\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private MockWebServer server;
    private HubStub hub;
    private byte[] weights;

    @BeforeEach
    void startHub() throws IOException {
        hub = new HubStub();
        server = new MockWebServer();
        server.setDispatcher(hub);
        server.start();
        weights = new byte[300_000];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (byte) (i * 31 + 7);
        }
        hub.serveJson("/api/models/Qwen/Qwen3-0.6B/revision/main?blobs=true",
                "{\"_id\":\"x\",\"id\":\"Qwen/Qwen3-0.6B\","
                + "\"sha\":\"" + COMMIT + "\",\"siblings\":["
                + "{\"rfilename\":\"config.json\",\"blobId\":\"" + CONFIG_BLOB_ID + "\",\"size\":"
                + CONFIG.length + "},"
                + "{\"rfilename\":\"model.safetensors\",\"blobId\":\"" + "b".repeat(40) + "\",\"size\":"
                + weights.length + ",\"lfs\":{\"sha256\":\"" + Sha256.of(weights) + "\",\"size\":" + weights.length
                + ",\"pointerSize\":134}}]}");
        hub.serve("/Qwen/Qwen3-0.6B/resolve/" + COMMIT + "/config.json", CONFIG);
        hub.serve("/Qwen/Qwen3-0.6B/resolve/" + COMMIT + "/model.safetensors", weights);
    }

    @AfterEach
    void stopHub() {
        server.close();
    }

    private ModelFetcher fetcher(Path cache) {
        return ModelFetcher.builder("Qwen/Qwen3-0.6B", cache)
                .settings(new HubSettings(server.url("/").toString(), null, null)).build();
    }

    @Test
    void should_fill_the_hugging_face_cache_layout_and_reuse_it() throws IOException {
        Path cache = tmp.resolve("hub");
        ModelFetcher.Snapshot snapshot = fetcher(cache).fetch();

        Path repo = cache.resolve("models--Qwen--Qwen3-0.6B");
        assertThat(snapshot.commit()).isEqualTo(COMMIT);
        assertThat(snapshot.snapshotDir()).isEqualTo(repo.resolve("snapshots").resolve(COMMIT));
        assertThat(Files.readAllBytes(snapshot.snapshotDir().resolve("config.json"))).isEqualTo(CONFIG);
        assertThat(Files.readAllBytes(snapshot.snapshotDir().resolve("model.safetensors"))).isEqualTo(weights);
        assertThat(repo.resolve("blobs").resolve(Sha256.of(weights))).exists();
        assertThat(repo.resolve("blobs").resolve(CONFIG_BLOB_ID)).exists();
        assertThat(Files.readString(repo.resolve("refs/main"))).isEqualTo(COMMIT);
        assertThat(snapshot.report().downloadedCount()).isEqualTo(2);
        assertThat(hub.requests.get(0).getTarget()).isEqualTo("/api/models/Qwen/Qwen3-0.6B/revision/main?blobs=true");

        long before = hub.fileRequests();
        ModelFetcher.Snapshot again = fetcher(cache).fetch();
        assertThat(again.report().files()).extracting(FetchReport.FetchedFile::outcome)
                .containsOnly(FetchReport.Outcome.PRESENT);
        assertThat(hub.fileRequests()).isEqualTo(before);
    }

    @Test
    void should_recover_pooled_connections_the_server_closed_without_saying_so() throws IOException {
        hub.closeAfterEachResponse();

        ModelFetcher.Snapshot snapshot = fetcher(tmp.resolve("hub")).fetch();

        assertThat(snapshot.report().downloadedCount()).isEqualTo(2);
        assertThat(Files.readAllBytes(snapshot.snapshotDir().resolve("model.safetensors"))).isEqualTo(weights);
    }

    @Test
    void should_verify_lfs_sha256_and_git_blob_ids() {
        byte[] wrong = CONFIG.clone();
        wrong[0] = 'H';
        hub.corruptOnce("/Qwen/Qwen3-0.6B/resolve/" + COMMIT + "/config.json", wrong);
        assertThatThrownBy(() -> fetcher(tmp.resolve("hub")).fetch()).isInstanceOf(FetchException.class)
                .hasMessageStartingWith("fetch failed for config.json: git blob id mismatch: expected "
                        + CONFIG_BLOB_ID);
        byte[] badWeights = weights.clone();
        badWeights[1000] ^= 1;
        hub.corruptOnce("/Qwen/Qwen3-0.6B/resolve/" + COMMIT + "/model.safetensors", badWeights);
        assertThatThrownBy(() -> fetcher(tmp.resolve("hub")).fetch())
                .hasMessageStartingWith("fetch failed for model.safetensors: sha256 mismatch: expected "
                        + Sha256.of(weights) + ", got " + Sha256.of(badWeights));
    }

    @Test
    void should_report_an_unknown_revision_and_a_bad_repo_id() {
        ModelFetcher unknown = ModelFetcher.builder("Qwen/Qwen3-0.6B", tmp).revision("nope")
                .settings(new HubSettings(server.url("/").toString(), null, null)).build();
        assertThatThrownBy(unknown::fetch).isInstanceOf(FetchException.class)
                .hasMessageContaining("not found (HTTP 404)").hasMessageContaining("/revision/nope");
        assertThatThrownBy(() -> ModelFetcher.builder("Qwen3-0.6B", tmp))
                .hasMessageContaining("is not <org>/<name>");
    }
}
