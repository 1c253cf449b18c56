package dev.trinity.coordinator.qwen3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The Hugging Face golden hidden states of the tiny Qwen3 ({@code src/test/resources/qwen3-tiny/golden.json}). */
final class GoldenCases {

    private static final JsonNode ROOT = load();

    private GoldenCases() {
    }

    private static JsonNode load() {
        try (InputStream in = GoldenCases.class.getResourceAsStream("/qwen3-tiny/golden.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> all() {
        List<JsonNode> cases = new ArrayList<>();
        ROOT.get("cases").forEach(cases::add);
        return cases;
    }

    static JsonNode named(String name) {
        for (JsonNode node : ROOT.get("cases")) {
            if (node.get("name").asText().equals(name)) {
                return node;
            }
        }
        throw new IllegalArgumentException(name);
    }

    static int[] ids(JsonNode node) {
        JsonNode ids = node.get("input_ids");
        int[] out = new int[ids.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.get(i).asInt();
        }
        return out;
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.parseFloat(array.get(i).asText());
        }
        return out;
    }
}
