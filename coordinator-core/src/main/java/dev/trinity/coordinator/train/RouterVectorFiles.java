package dev.trinity.coordinator.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.route.RouterVectorSplit;
import dev.trinity.coordinator.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Router vector files as {@code route}, {@code run} and {@code prompt-eval} load them with {@code --router-vector}:
 * one F32 tensor {@value RouterVectorSplit#VECTOR_TENSOR_KEY}, and beside it the ES-log sidecar
 * {@code <name>_es_log.json} naming the SVF layers and agent labels; and the same vector inside a checkpoint's
 * {@code runnable_config} (base64 of the safetensors bytes, with their SHA-256).
 */
public final class RouterVectorFiles {

    private RouterVectorFiles() {
    }

    /** The safetensors bytes of a vector. */
    public static byte[] safetensors(float[] vector) {
        return SafetensorsWriter.builder().addFloats(RouterVectorSplit.VECTOR_TENSOR_KEY,
                new long[] {vector.length}, vector).toBytes();
    }

    /** The sidecar's path for a vector file: {@code router_vector.safetensors} to {@code router_vector_es_log.json}. */
    public static Path sidecar(Path vectorFile) {
        String name = vectorFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return vectorFile.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "_es_log.json");
    }

    /**
     * Writes a vector file and its ES-log sidecar.
     *
     * @param file the vector file
     * @param vector the router vector
     * @param layers the SVF layers
     * @param labels the agent labels
     * @param task a line saying where the vector came from
     * @return the SHA-256 of the vector file written
     */
    public static String write(Path file, float[] vector, List<Integer> layers, List<String> labels, String task)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        byte[] bytes = safetensors(vector);
        Files.write(file, bytes);
        ArrayNode log = TrainingEvent.Json.MAPPER.createArrayNode();
        ObjectNode configs = log.addObject().putObject("configs");
        configs.put("task", task);
        configs.set("llm_names", TrainingEvent.Json.MAPPER.valueToTree(labels));
        configs.set("opt_layer_indices", TrainingEvent.Json.MAPPER.valueToTree(layers));
        configs.put("num_agents", labels.size());
        Files.writeString(sidecar(file), log.toPrettyString());
        return Sha256.of(bytes);
    }

    /** {@code runnable_config.router_vector}: the vector as base64 safetensors with its hash, layers and labels. */
    public static ObjectNode toJson(float[] vector, int rows, int hidden, List<Integer> layers, List<String> labels) {
        byte[] bytes = safetensors(vector);
        ObjectNode node = TrainingEvent.Json.MAPPER.createObjectNode();
        node.put("format", "safetensors");
        node.put("tensor", RouterVectorSplit.VECTOR_TENSOR_KEY);
        node.put("encoding", "base64");
        node.put("sha256", Sha256.of(bytes));
        node.put("length", vector.length);
        node.put("scale_count", vector.length - rows * hidden);
        node.putArray("head_shape").add(rows).add(hidden);
        node.set("svf_layers", TrainingEvent.Json.MAPPER.valueToTree(layers));
        node.set("agent_labels", TrainingEvent.Json.MAPPER.valueToTree(labels));
        node.put("data", Base64.getEncoder().encodeToString(bytes));
        return node;
    }

    /**
     * The vector of a {@code runnable_config.router_vector}, its hash checked.
     *
     * @throws IOException when the data is missing, corrupt or does not match its hash
     */
    public static float[] fromJson(JsonNode node) throws IOException {
        if (node == null || !node.path("data").isTextual()) {
            throw new IOException("the checkpoint's runnable_config has no router_vector.data");
        }
        byte[] bytes = Base64.getDecoder().decode(node.get("data").asText());
        if (!Sha256.of(bytes).equals(node.path("sha256").asText())) {
            throw new IOException("the checkpoint's router vector does not match its sha256; the row is corrupt");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong(0);
        ByteBuffer data = buffer.position((int) (8 + headerLength)).slice().order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[data.remaining() / 4];
        data.asFloatBuffer().get(vector);
        if (vector.length != node.path("length").asInt()) {
            throw new IOException("the checkpoint's router vector has " + vector.length + " values, its row says "
                    + node.path("length").asInt());
        }
        return vector;
    }
}
