package dev.trinity.coordinator.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinity.coordinator.cli.CliRun;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code --max-batch 1 --prefix-cache-mb 0} (docs/serve.md) the server answers bit for bit like
 * {@code coordinator route --json}, however often a conversation comes and whatever arrives beside it: the same
 * logits and the same {@code route_hash}, which batching or a cached prefix can change in the last digit.
 */
class ServeExactTest {

    @TempDir
    Path dir;

    @Test
    void repeated_and_batched_requests_answer_exactly_as_route_json() throws Exception {
        Path messages = dir.resolve("messages.json");
        Files.writeString(messages, ServeRouteTest.conversation(3));
        CliRun cli = CliRun.of("route", "--messages", messages.toString(), "--json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode expected = ServeFixture.withoutTimings(ServeFixture.JSON.readTree(cli.out()));

        ServeFixture serve = ServeFixture.startExact(dir);
        try {
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> alone = serve.post("/v1/route",
                        "{\"messages\": " + ServeRouteTest.conversation(3) + "}");
                assertThat(alone.statusCode()).as(alone.body()).isEqualTo(200);
                assertThat(ServeFixture.withoutTimings(ServeFixture.json(alone))).isEqualTo(expected);
            }
            HttpResponse<String> many = serve.post("/v1/route", "{\"conversations\": [" + ServeRouteTest.conversation(1)
                    + ", " + ServeRouteTest.conversation(3) + ", " + ServeRouteTest.conversation(4) + "]}");
            assertThat(many.statusCode()).as(many.body()).isEqualTo(200);
            assertThat(ServeFixture.withoutTimings(ServeFixture.json(many).get("routes").get(1))).isEqualTo(expected);
        } finally {
            serve.close();
        }
    }
}
