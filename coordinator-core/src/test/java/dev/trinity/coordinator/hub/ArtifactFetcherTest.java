package dev.trinity.coordinator.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trinity.coordinator.artifact.ArtifactPin;
import dev.trinity.coordinator.artifact.ArtifactVerifier;
import dev.trinity.coordinator.artifact.Bundles;
import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.setting.Worded;
import dev.trinity.coordinator.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactFetcherTest {

    private static final String REPO = "org/adapted-bundle";
    private static final String REVISION = "v1.0.0";
    private static final String TOKEN = "hf_secret_test_token";

    @TempDir
    Path tmp;

    private MockWebServer server;
    private HubStub hub;
    private ArtifactPin pin;
    private Path source;

    @BeforeEach
    void startHub() throws IOException {
        hub = new HubStub();
        server = new MockWebServer();
        server.setDispatcher(hub);
        server.start();
        // a real bundle: manifest, head and two checkpoints, served under the dataset resolve URLs
        source = Bundles.synthetic(tmp.resolve("source"));
        List<ArtifactPin.PinnedFile> files = new ArrayList<>();
        for (String path : List.of("manifest.json", "router_head.safetensors",
                "checkpoints/0001_embedder.token_embedding.kernel.safetensors",
                "checkpoints/0002_decoder.blocks.1.self_attention.query.kernel.safetensors")) {
            files.add(new ArtifactPin.PinnedFile(path, Sha256.ofFile(source.resolve(path))));
            hub.serve(urlPath(path), Files.readAllBytes(source.resolve(path)));
        }
        pin = new ArtifactPin(1, REPO, REVISION, files.get(0).sha256(), files);
    }

    @AfterEach
    void stopHub() {
        server.close();
    }

    private static String urlPath(String path) {
        return "/datasets/" + REPO + "/resolve/" + REVISION + "/" + path;
    }

    private ArtifactFetcher.Builder fetcher(Path dest) {
        String endpoint = server.url("/").toString();
        return ArtifactFetcher.builder(pin, dest).settings(new HubSettings(endpoint, TOKEN, null));
    }

    @Test
    void should_download_verify_and_place_every_pinned_file_then_skip_them_next_time() throws IOException {
        Path dest = tmp.resolve("dest");
        List<String> events = new ArrayList<>();
        FetchListener listener = new FetchListener() {
            @Override
            public void fileStarted(String path, int index, int count) {
                events.add("start " + index + "/" + count + " " + path);
            }

            @Override
            public void fileDownloaded(String path, long bytes, boolean resumed) {
                events.add("done " + path);
            }
        };
        FetchReport report = fetcher(dest).listener(listener).build().fetch();

        assertThat(report.files()).extracting(FetchReport.FetchedFile::outcome)
                .containsOnly(FetchReport.Outcome.DOWNLOADED);
        for (ArtifactPin.PinnedFile file : pin.files()) {
            assertThat(Files.readAllBytes(dest.resolve(file.path())))
                    .isEqualTo(Files.readAllBytes(source.resolve(file.path())));
        }
        assertThat(partFiles(dest)).isEmpty();
        assertThat(events).contains("start 1/4 manifest.json",
                "done checkpoints/0002_decoder.blocks.1.self_attention.query.kernel.safetensors");
        RecordedRequest first = hub.requests.get(0);
        assertThat(first.getTarget()).isEqualTo("/datasets/org/adapted-bundle/resolve/v1.0.0/manifest.json");
        assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(ArtifactVerifier.verify(dest, ArtifactVerifier.Mode.FULL).ok()).isTrue();

        // second run: every file is present with the pinned hash, nothing is requested
        int before = hub.requests.size();
        FetchReport again = fetcher(dest).build().fetch();
        assertThat(again.files()).extracting(FetchReport.FetchedFile::outcome)
                .containsOnly(FetchReport.Outcome.PRESENT);
        assertThat(hub.requests).hasSize(before);
    }

    @Test
    void should_fail_on_404_naming_the_file_and_leave_nothing_behind() throws IOException {
        hub.failOnce(urlPath("router_head.safetensors"), 404);
        Path dest = tmp.resolve("dest");
        assertThatThrownBy(() -> fetcher(dest).build().fetch()).isInstanceOf(FetchException.class)
                .hasMessageStartingWith("fetch failed for router_head.safetensors: not found (HTTP 404) at ")
                .hasMessageContaining("Check the repository id, revision and path")
                .hasMessageNotContaining(TOKEN);
        assertThat(dest.resolve("router_head.safetensors")).doesNotExist();
        assertThat(partFiles(dest)).isEmpty();
    }

    @Test
    void should_name_the_token_fix_on_401_without_printing_the_token() {
        hub.failOnce(urlPath("manifest.json"), 401);
        assertThatThrownBy(() -> fetcher(tmp.resolve("dest")).build().fetch())
                .hasMessageContaining("access denied (HTTP 401)").hasMessageContaining("HF_TOKEN")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void should_reject_corrupted_bytes_and_delete_them_then_succeed_on_retry() throws IOException {
        String path = "checkpoints/0001_embedder.token_embedding.kernel.safetensors";
        byte[] wrong = Files.readAllBytes(source.resolve(path));
        wrong[wrong.length / 2] ^= 0x10;
        hub.corruptOnce(urlPath(path), wrong);
        Path dest = tmp.resolve("dest");
        assertThatThrownBy(() -> fetcher(dest).build().fetch()).isInstanceOf(FetchException.class)
                .hasMessageStartingWith("fetch failed for " + path + ": sha256 mismatch: expected "
                        + pin.files().get(2).sha256() + ", got " + Sha256.of(wrong));
        assertThat(dest.resolve(path)).doesNotExist();
        assertThat(partFiles(dest)).isEmpty();

        FetchReport retry = fetcher(dest).build().fetch();
        assertThat(retry.files().get(0).outcome()).isEqualTo(FetchReport.Outcome.PRESENT);
        assertThat(retry.files().get(2).outcome()).isEqualTo(FetchReport.Outcome.DOWNLOADED);
    }

    @Test
    void should_keep_an_interrupted_part_and_resume_it_with_a_range_request() throws IOException {
        String path = "checkpoints/0001_embedder.token_embedding.kernel.safetensors";
        byte[] whole = Files.readAllBytes(source.resolve(path));
        hub.cutOnce(urlPath(path), 100);
        Path dest = tmp.resolve("dest");
        assertThatThrownBy(() -> fetcher(dest).build().fetch()).isInstanceOf(FetchException.class)
                .hasMessageContaining("download interrupted after")
                .hasMessageContaining("Run the same command again to resume");
        Path part = HubDownloader.partFile(dest.resolve(path));
        assertThat(dest.resolve(path)).doesNotExist();
        assertThat(part).exists();
        long kept = Files.size(part);
        assertThat(kept).isBetween(1L, (long) whole.length - 1);

        FetchReport resumed = fetcher(dest).build().fetch();
        assertThat(resumed.files().get(2).outcome()).isEqualTo(FetchReport.Outcome.RESUMED);
        assertThat(Files.readAllBytes(dest.resolve(path))).isEqualTo(whole);
        assertThat(part).doesNotExist();
        RecordedRequest rangeRequest = hub.requests.stream()
                .filter(r -> r.getHeaders().get("Range") != null).findFirst().orElseThrow();
        assertThat(rangeRequest.getHeaders().get("Range")).isEqualTo("bytes=" + kept + "-");
    }

    @Test
    void should_move_a_complete_kept_part_into_place_when_the_server_answers_416() throws IOException {
        String path = "router_head.safetensors";
        Path dest = tmp.resolve("dest");
        Files.createDirectories(dest);
        Files.copy(source.resolve(path), HubDownloader.partFile(dest.resolve(path)));
        FetchListener throwing = new FetchListener() {
            @Override
            public void fileDownloaded(String p, long bytes, boolean resumed) {
                throw new IllegalStateException("a broken progress display must not break the fetch");
            }
        };
        FetchReport report = fetcher(dest).listener(throwing).build().fetch();
        assertThat(report.files().get(1).outcome()).isEqualTo(FetchReport.Outcome.RESUMED);
        assertThat(Files.readAllBytes(dest.resolve(path))).isEqualTo(Files.readAllBytes(source.resolve(path)));
        assertThat(partFiles(dest)).isEmpty();
    }

    @Test
    void should_only_verify_in_offline_mode() throws IOException {
        Path dest = tmp.resolve("dest");
        assertThatThrownBy(() -> fetcher(dest).offline(true).build().fetch())
                .hasMessageStartingWith("fetch failed for manifest.json: ")
                .hasMessageContaining("is missing and offline mode forbids downloading")
                .satisfies(e -> assertThat(((Worded) e).wording().render(s -> "--offline"))
                        .contains("is missing and --offline forbids downloading"));
        assertThat(hub.requests).isEmpty();

        fetcher(dest).build().fetch();
        int before = hub.requests.size();
        FetchReport offline = fetcher(dest).offline(true).build().fetch();
        assertThat(offline.downloadedCount()).isZero();
        assertThat(hub.requests).hasSize(before);

        Path head = dest.resolve("router_head.safetensors");
        Files.write(head, new byte[] {0});
        assertThatThrownBy(() -> fetcher(dest).offline(true).build().fetch())
                .hasMessageContaining(head + " has sha256 " + Sha256.of(new byte[] {0}) + " but the pin says "
                        + pin.files().get(1).sha256());
    }

    @Test
    void should_read_the_reference_pin_and_refuse_bad_ones() throws IOException {
        ArtifactPin real = ArtifactPin.read(TestFiles.resolve(
                "priv/sakana/artifact_pin.json"));
        assertThat(real.repoId()).isEqualTo("nshkrdotcom/trinity-coordinator-adapted-qwen3-0.6b");
        assertThat(real.revision()).isEqualTo("v1.0.0");
        assertThat(real.files()).hasSize(11);
        assertThat(real.files().get(1))
                .isEqualTo(new ArtifactPin.PinnedFile("router_head.safetensors",
                        "7ff2db0e6659cac4dd68c5fff47a112768042b31321127aeb1412a6d8e6c09be"));
        assertThat(ArtifactFetcher.builder(real, tmp).build().urlOf(real.files().get(2).path())).isEqualTo(
                "https://huggingface.co/datasets/nshkrdotcom/trinity-coordinator-adapted-qwen3-0.6b/resolve/v1.0.0/"
                        + "checkpoints/0001_embedder.token_embedding.kernel.safetensors");

        Path bad = tmp.resolve("pin.json");
        Files.writeString(bad, "{\"version\":1,\"repo_id\":\"a/b\",\"files\":[]}");
        assertThatThrownBy(() -> ArtifactPin.read(bad))
                .hasMessageStartingWith("artifact pin \"" + bad + "\" missing required key \"revision\"");
        Files.writeString(bad, "{\"version\":2,\"repo_id\":\"a/b\",\"revision\":\"r\",\"files\":[]}");
        assertThatThrownBy(() -> ArtifactPin.read(bad)).hasMessage("artifact pin \"" + bad
                + "\" carries unsupported pin version 2; this codebase understands version 1");
        Files.writeString(bad, "{\"version\":1,\"repo_id\":\"a/b\",\"revision\":\"r\",\"files\":[{\"path\":"
                + "\"../../etc/passwd\",\"sha256\":\"" + "a".repeat(64) + "\"}]}");
        assertThatThrownBy(() -> ArtifactPin.read(bad)).hasMessageContaining("unsafe or missing path");
    }

    @Test
    void should_resolve_hub_settings_from_the_environment_without_showing_the_token() {
        HubSettings settings = HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", "http://mirror.local:8080/",
                "HF_TOKEN", TOKEN, "HTTPS_PROXY", "http://proxy.local:3128", "NO_PROXY", "internal.example"));
        assertThat(settings.endpoint()).isEqualTo("http://mirror.local:8080");
        assertThat(settings.token()).isEqualTo(TOKEN);
        assertThat(settings.toString()).doesNotContain(TOKEN).contains("***");
        assertThat(settings.proxySelector().select(java.net.URI.create("https://huggingface.co/x")).get(0).address()
                .toString()).contains("proxy.local");
        assertThat(settings.proxySelector().select(java.net.URI.create("https://hub.internal.example/x")))
                .containsExactly(java.net.Proxy.NO_PROXY);
        assertThat(HubSettings.fromEnvironment(Map.of()).endpoint()).isEqualTo("https://huggingface.co");
        assertThat(HubSettings.fromEnvironment(Map.of()).proxySelector()).isNull();
        assertThat(HubSettings.defaultCacheDir(Map.of("HF_HOME", "/data/hf"), Path.of("/home/u")))
                .isEqualTo(Path.of("/data/hf/hub"));
        assertThat(HubSettings.defaultCacheDir(Map.of(), Path.of("/home/u")))
                .isEqualTo(Path.of("/home/u/.cache/huggingface/hub"));
        assertThatThrownBy(() -> HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", "ftp://x")))
                .hasMessageContaining("fix HF_ENDPOINT");
    }

    private static List<Path> partFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }
}
