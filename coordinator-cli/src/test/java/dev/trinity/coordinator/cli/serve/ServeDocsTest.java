package dev.trinity.coordinator.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.train.store.CheckpointStore;
import dev.trinity.coordinator.train.store.CheckpointStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every curl example of docs/serve.md against real servers, so the document cannot rot.
 *
 * <p>Convention: in a fenced {@code console} block each line starting with {@code $ curl } (or {@code $ head }, for
 * piped bodies) is run by {@code bash} with {@code localhost:8080} pointed at a server started by this test; the lines
 * under it, up to the next {@code $} line or the end of the block, are its expected output, line by line, where
 * {@code …} matches anything. Blocks fenced {@code console token} run against a server started with a token, with
 * {@code $TOKEN} set; every command sees {@code $CHECKPOINT}, the id of the newest checkpoint of workflow
 * {@code demo-tiny-router}, which the test trains first over the websocket.
 */
class ServeDocsTest {

    static final Path DOC = BundledData.resolve("docs/serve.md");
    static final String TOKEN = "docs-example-token";

    @TempDir
    static Path dir;

    static ServeFixture open;
    static ServeFixture guarded;
    static String checkpoint;

    /** One runnable example. */
    record Example(int line, String command, List<String> expected, boolean token) {
        @Override
        public String toString() {
            return "docs/serve.md:" + line + " " + command;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        open = ServeFixture.startOnSqlite(dir, 2);
        CheckpointStore second = CheckpointStores.sqlite(dir.resolve("guarded.sqlite"));
        second.migrate();
        guarded = ServeFixture.start(second, TOKEN, 2, dir.resolve("training-guarded"));
        ServeTrainingTest.Frames frames = new ServeTrainingTest.Frames();
        ServeTrainingTest.connect(open, "demo-tiny-router", frames).sendText(ServeTrainingTest.trainMessage(
                ServeTrainingTest.training("supervised", 2)).toString(), true).join();
        assertThat(frames.await(120)).isTrue();
        assertThat(frames.last().path("status").asText()).as(frames.frames.toString()).isEqualTo("completed");
        JsonNode rows = ServeFixture.json(open.get("/api/workflows/demo-tiny-router/agentensor/checkpoints"));
        checkpoint = rows.get(0).get("id").asText();
    }

    @AfterAll
    static void stop() {
        open.close();
        guarded.close();
    }

    static List<Example> examples(List<String> lines) {
        List<Example> found = new ArrayList<>();
        String fence = null;
        Example current = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String stripped = line.strip();
            if (stripped.startsWith("```")) {
                fence = fence == null ? stripped.substring(3).strip() : null;
                current = null;
                continue;
            }
            if (fence == null || !(fence.equals("console") || fence.equals("console token"))) {
                continue;
            }
            if (stripped.startsWith("$ ")) {
                current = null;
                String command = stripped.substring(2);
                if (command.startsWith("curl ") || command.startsWith("head ")) {
                    current = new Example(i + 1, command, new ArrayList<>(), fence.endsWith("token"));
                    found.add(current);
                }
            } else if (current != null) {
                current.expected().add(line);
            }
        }
        return found;
    }

    @Test
    void the_document_has_an_example_of_every_endpoint() throws IOException {
        List<Example> all = examples(Files.readAllLines(DOC));
        String commands = String.join("\n", all.stream().map(Example::command).toList());
        for (String endpoint : List.of("/healthz", "/readyz", "/v1/route", "/v1/runs", "/metrics",
                "/agentensor/checkpoints?limit=", "/agentensor/checkpoints/$CHECKPOINT")) {
            assertThat(commands).as(endpoint).contains(endpoint);
        }
        assertThat(all.stream().filter(Example::token)).isNotEmpty();
    }

    @TestFactory
    Stream<DynamicTest> every_curl_example_gives_the_documented_output() throws IOException {
        return examples(Files.readAllLines(DOC)).stream().map(example -> DynamicTest.dynamicTest(example.toString(),
                () -> {
                    ServeFixture serve = example.token() ? guarded : open;
                    String command = example.command().replace("localhost:8080", "127.0.0.1:"
                            + serve.server.port());
                    ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", command)
                            .directory(BundledData.root().toFile());
                    builder.environment().put("TOKEN", TOKEN);
                    builder.environment().put("CHECKPOINT", checkpoint);
                    builder.redirectErrorStream(true);
                    Process process = builder.start();
                    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                    assertThat(process.exitValue()).as(example + "\n" + output).isZero();
                    List<String> actual = output.lines().toList();
                    List<String> expected = example.expected().stream().filter(l -> !l.isBlank()).toList();
                    assertThat(actual).as(example + "\n" + output).hasSize(expected.size());
                    for (int i = 0; i < expected.size(); i++) {
                        assertThat(actual.get(i)).as(example + " line " + (i + 1)).matches(pattern(expected.get(i)));
                    }
                }));
    }

    /** An expected line as a regular expression: literal text, {@code …} matching anything. */
    static Pattern pattern(String expected) {
        StringBuilder regex = new StringBuilder();
        for (String part : expected.split("…", -1)) {
            regex.append(regex.length() == 0 && part.isEmpty() ? "" : "").append(Pattern.quote(part)).append(".*");
        }
        regex.setLength(regex.length() - 2);
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
