package dev.trinity.coordinator.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.cli.BundledData;
import dev.trinity.coordinator.cli.CliRun;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void reports_each_length_and_mode_with_load_time_and_peak_rss() throws Exception {
        CliRun run = CliRun.of("bench", "--model-dir", BundledData.resolve(BundledData.TINY_MODEL).toString(),
                "--device", "cpu", "--tokens", "4,9", "--runs", "2", "--warmup", "0", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("results")).hasSize(4);
        assertThat(report.get("results").get(0).get("tokens").asInt()).isEqualTo(4);
        assertThat(report.get("results").get(0).get("mode").asText()).isEqualTo("router");
        assertThat(report.get("results").get(3).get("mode").asText()).isEqualTo("full");
        for (JsonNode row : report.get("results")) {
            assertThat(row.get("min_ms").asDouble()).isPositive().isLessThanOrEqualTo(row.get("median_ms").asDouble());
        }
        assertThat(report.get("load_seconds").asDouble()).isPositive();
        assertThat(report.get("peak_rss_mb").asDouble()).isPositive();
    }

    @Test
    void route_mode_and_batches_report_latency_and_routes_per_second() throws Exception {
        CliRun run = CliRun.of("bench", "--model-dir", BundledData.resolve(BundledData.TINY_MODEL).toString(),
                "--device", "cpu", "--tokens", "12", "--runs", "2", "--warmup", "0", "--mode", "route",
                "--batch", "1,4", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode results = new ObjectMapper().readTree(run.out()).get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("mode").asText()).isEqualTo("route");
        assertThat(results.get(1).get("batch").asInt()).isEqualTo(1);
        assertThat(results.get(2).get("batch").asInt()).isEqualTo(4);
        double median = results.get(2).get("median_ms").asDouble();
        assertThat(results.get(2).get("routes_per_s").asDouble()).isCloseTo(4 / (median / 1000),
                org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void turns_mode_replays_a_growing_conversation_with_and_without_the_prefix_cache() throws Exception {
        CliRun run = CliRun.of("bench", "--model-dir", BundledData.resolve(BundledData.TINY_MODEL).toString(),
                "--device", "cpu", "--threads", "2", "--mode", "turns", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        JsonNode turns = report.get("turns");
        assertThat(turns).hasSize(7);
        double full = 0;
        double cached = 0;
        for (int t = 0; t < turns.size(); t++) {
            JsonNode turn = turns.get(t);
            assertThat(turn.get("turn").asInt()).isEqualTo(t);
            assertThat(turn.get("max_abs_diff").asDouble()).as("cached vs full at turn %d", t).isLessThanOrEqualTo(1e-4);
            if (t > 0) {
                int grown = turn.get("tokens").asInt() - turns.get(t - 1).get("tokens").asInt();
                // Only the new tokens (and the few re-tokenized at the boundary) are computed.
                assertThat(turn.get("new_tokens").asInt()).as("turn %d", t).isBetween(grown, grown + 3);
            }
            full += turn.get("full_ms").asDouble();
            cached += turn.get("cached_ms").asDouble();
            assertThat(turn.get("new_only_ms").asDouble()).isPositive();
        }
        // The model's 4,096 positions cap the conversation; it keeps its ~60-token question and 6 answers.
        assertThat(turns.get(6).get("tokens").asInt()).isBetween(3000, 4096);
        assertThat(report.get("total_full_ms").asDouble()).isCloseTo(full, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(report.get("total_cached_ms").asDouble()).isCloseTo(cached, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(report.get("prefix_cache").get("entries").asInt()).isEqualTo(7);
    }

    @Test
    void turns_mode_sets_its_own_lengths() {
        CliRun run = CliRun.of("bench", "--shape", "qwen3-0.6b", "--mode", "turns", "--tokens", "16");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrLine()).contains("--mode turns sets its own lengths");
    }

    @Test
    void unknown_shape_is_a_usage_error() {
        CliRun run = CliRun.of("bench", "--shape", "qwen3-8b");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lastErrLine()).contains("--shape supports qwen3-0.6b");
    }
}
