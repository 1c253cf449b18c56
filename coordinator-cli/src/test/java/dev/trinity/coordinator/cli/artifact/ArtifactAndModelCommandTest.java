package dev.trinity.coordinator.cli.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trinity.coordinator.cli.CoordinatorCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactAndModelCommandTest {

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CoordinatorCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path tinyCopy() throws IOException {
        Path source = Path.of(System.getProperty("trinity.root"), "coordinator-core/src/test/resources/tiny-artifact");
        Path dir = tmp.resolve("tiny");
        Files.createDirectories(dir);
        for (String name : new String[] {"manifest.json", "router_head.safetensors"}) {
            Files.copy(source.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            dir.resolve(name).toFile().setWritable(true);
        }
        return dir;
    }

    @Test
    void verify_prints_ok_and_facts_for_a_good_bundle() throws IOException {
        Path dir = tinyCopy();
        Run run = run("artifact", "verify", dir.toString(), "--full");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("coordinator artifact verify: ok\n").contains("  mode=full\n")
                .contains("  router_head_shape=[5, 8]\n");
        Run json = run("artifact", "verify", dir.toString(), "--json");
        assertThat(json.code()).isZero();
        assertThat(json.out()).startsWith("{\"ok\":true,\"mode\":\"fast\"");
    }

    @Test
    void verify_fails_with_one_line_and_exit_1_for_a_broken_bundle() throws IOException {
        Path dir = tinyCopy();
        Files.write(dir.resolve("router_head.safetensors"), new byte[] {1, 2, 3});
        Run run = run("artifact", "verify", dir.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip().lines().count()).isEqualTo(1);
        assertThat(run.err()).contains("router_head sha256 mismatch: expected 32cede39").contains("fetch the bundle");
        assertThat(run("artifact", "verify").code()).isEqualTo(2);
    }

    @Test
    void fetch_downloads_a_pinned_bundle_from_the_given_endpoint_then_works_offline() throws Exception {
        byte[] manifest = Files.readAllBytes(tinyCopy().resolve("manifest.json"));
        byte[] head = Files.readAllBytes(tmp.resolve("tiny/router_head.safetensors"));
        Path pin = tmp.resolve("pin.json");
        Files.writeString(pin, "{\"version\":1,\"repo_id\":\"org/tiny\",\"revision\":\"v1\",\"files\":["
                + "{\"path\":\"manifest.json\",\"sha256\":\"" + sha256(manifest) + "\"},"
                + "{\"path\":\"router_head.safetensors\",\"sha256\":\"" + sha256(head) + "\"}]}");
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().code(200).body(new Buffer().write(manifest)).build());
            server.enqueue(new MockResponse.Builder().code(200).body(new Buffer().write(head)).build());
            server.start();
            Path dest = tmp.resolve("dest");
            Run run = run("artifact", "fetch", "--pin", pin.toString(), "--dest", dest.toString(), "--endpoint",
                    server.url("/").toString());
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("coordinator artifact fetch: ok - 2 files into " + dest);
            assertThat(run.err()).contains("[2/2] router_head.safetensors downloaded and verified");
            assertThat(server.takeRequest().getTarget()).isEqualTo("/datasets/org/tiny/resolve/v1/manifest.json");
            assertThat(run("artifact", "verify", dest.toString(), "--full").code()).isZero();

            Run offline = run("artifact", "fetch", "--pin", pin.toString(), "--dest", dest.toString(), "--offline");
            assertThat(offline.code()).isZero();
            assertThat(offline.out()).contains("downloaded 0");
            assertThat(server.getRequestCount()).isEqualTo(2);

            Run missing = run("artifact", "fetch", "--pin", pin.toString(), "--dest", tmp.resolve("empty").toString(),
                    "--offline");
            assertThat(missing.code()).isEqualTo(1);
            assertThat(missing.err()).contains("fetch failed for manifest.json").contains("--offline");
        }
    }

    @Test
    void fetch_reports_a_missing_pin_file() {
        Run run = run("artifact", "fetch", "--pin", tmp.resolve("nope.json").toString(), "--dest", tmp.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("coordinator artifact fetch: --pin " + tmp.resolve("nope.json")
                + ": no such file");
        Run verify = run("artifact", "verify", tmp.resolve("nope").toString());
        assertThat(verify.code()).isEqualTo(2);
        assertThat(verify.err().strip()).isEqualTo("coordinator artifact verify: bundle directory "
                + tmp.resolve("nope") + ": no such directory");
    }

    @Test
    void model_fetch_fills_the_cache_and_prints_the_model_dir() throws Exception {
        byte[] config = "{\"model_type\":\"qwen3\"}".getBytes(StandardCharsets.UTF_8);
        String commit = "0123456789abcdef0123456789abcdef01234567";
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().code(200).body("{\"sha\":\"" + commit + "\",\"siblings\":["
                    + "{\"rfilename\":\"config.json\",\"size\":" + config.length + ",\"blobId\":\"" + "0".repeat(40)
                    + "\",\"lfs\":{\"sha256\":\"" + sha256(config) + "\",\"size\":" + config.length + "}}]}").build());
            server.enqueue(new MockResponse.Builder().code(200).body(new Buffer().write(config)).build());
            server.start();
            Run run = run("model", "fetch", "Qwen/Qwen3-0.6B", "--dest", tmp.resolve("hub").toString(), "--endpoint",
                    server.url("/").toString());
            assertThat(run.code()).as(run.err()).isZero();
            Path snapshot = tmp.resolve("hub/models--Qwen--Qwen3-0.6B/snapshots/" + commit);
            assertThat(run.out()).contains("  model_dir=" + snapshot);
            assertThat(Files.readAllBytes(snapshot.resolve("config.json"))).isEqualTo(config);
        }
        assertThat(run("model", "fetch", "not-a-repo", "--dest", tmp.toString()).code()).isEqualTo(2);
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
