package dev.trinity.coordinator.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.json.JsonFiles;
import dev.trinity.coordinator.setting.MissingInputException;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.Wording;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A prompt-eval determinism snapshot ({@code qwen_router_prompt_eval_logits.json}, spec §6.6): pretty JSON with
 * sorted keys, {@code {cases: [...], generated_at: "<ISO-8601 UTC, microseconds>", schema_version: 1}}.
 *
 * @param generatedAt when the snapshot was written, such as {@code 2026-05-20T23:09:18.183509Z}
 * @param cases the cases in the order they were evaluated
 */
public record PromptEvalSnapshot(String generatedAt, List<SnapshotCase> cases) {

    /** The schema version written and accepted. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** Copies the cases. */
    public PromptEvalSnapshot {
        Objects.requireNonNull(generatedAt, "generatedAt");
        cases = List.copyOf(Objects.requireNonNull(cases, "cases"));
    }

    /** The reference's timestamp format: UTC with microseconds and a {@code Z}. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    /** The case with an id, if the snapshot has it. */
    public Optional<SnapshotCase> find(String id) {
        return cases.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /**
     * Reads a snapshot file.
     *
     * @param file the JSON file
     * @return the snapshot
     * @throws IOException naming the file and the first problem, with the fix
     */
    public static PromptEvalSnapshot read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JsonFiles.read(file, "snapshot file " + file);
        } catch (NoSuchFileException e) {
            throw new MissingInputException(Wording.of(e.getMessage() + "; check ", Setting.SNAPSHOT, ", or write one "
                    + "with ", Setting.SNAPSHOT_OUT), e);
        } catch (IOException e) {
            throw new MissingInputException(Wording.of(e.getMessage() + "; regenerate it with ", Setting.SNAPSHOT_OUT),
                    e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new MissingInputException(Wording.of("snapshot file " + file + ": " + e.getMessage() + "; regenerate "
                    + "it with ", Setting.SNAPSHOT_OUT), e);
        }
    }

    /**
     * Parses the JSON of a snapshot.
     *
     * @param root the parsed JSON
     * @return the snapshot
     * @throws IllegalArgumentException naming the first missing or mistyped field
     */
    public static PromptEvalSnapshot parse(JsonNode root) {
        if (root == null || !root.isObject() || !root.path("cases").isArray()) {
            throw new IllegalArgumentException("expected an object with a \"cases\" list");
        }
        JsonNode version = root.get("schema_version");
        if (version == null || !version.isIntegralNumber() || version.asInt() != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schema_version must be " + SCHEMA_VERSION + ", got " + version);
        }
        List<SnapshotCase> cases = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode node : root.get("cases")) {
            SnapshotCase c = parseCase(node, index++);
            if (seen.put(c.id(), Boolean.TRUE) != null) {
                throw new IllegalArgumentException("case id \"" + c.id() + "\" appears twice");
            }
            cases.add(c);
        }
        return new PromptEvalSnapshot(root.path("generated_at").asText(""), cases);
    }

    private static SnapshotCase parseCase(JsonNode node, int index) {
        if (!node.isObject() || !node.path("id").isTextual()) {
            throw new IllegalArgumentException("case " + index + " needs a string \"id\"");
        }
        String where = "case \"" + node.get("id").asText() + "\"";
        for (String field : List.of("agent_id", "role_id", "token_count")) {
            if (!node.path(field).isIntegralNumber()) {
                throw new IllegalArgumentException(where + " needs an integer \"" + field + "\"");
            }
        }
        String transcriptHash = node.path("transcript_hash").asText("");
        if (!transcriptHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(where + " needs \"transcript_hash\" as 64 lowercase hex digits");
        }
        JsonNode routeHash = node.get("route_hash");
        if (routeHash != null && !routeHash.asText("").matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(where + " has a \"route_hash\" that is not 64 lowercase hex digits");
        }
        return new SnapshotCase(node.get("id").asText(), node.get("agent_id").asInt(), node.get("role_id").asInt(),
                doubles(node.get("agent_logits_rounded"), where + " agent_logits_rounded"),
                doubles(node.get("role_logits_rounded"), where + " role_logits_rounded"),
                number(node.get("agent_margin"), where + " agent_margin"),
                number(node.get("role_margin"), where + " role_margin"),
                routeHash == null ? null : routeHash.asText(), node.get("token_count").asInt(), transcriptHash);
    }

    private static double[] doubles(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + " must be a list of numbers");
        }
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            if (!node.get(i).isNumber()) {
                throw new IllegalArgumentException(where + " must be a list of numbers");
            }
            out[i] = node.get(i).asDouble();
        }
        return out;
    }

    private static Double number(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException(where + " must be a number");
        }
        return node.asDouble();
    }

    /**
     * The snapshot as the reference writes it: keys sorted, two-space indent, {@code "key": value}, one array
     * element per line, no trailing newline.
     *
     * @return the JSON text
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("cases");
        for (SnapshotCase c : cases) {
            ObjectNode node = list.addObject(); // keys in sorted order
            node.put("agent_id", c.agentId());
            putDoubles(node, "agent_logits_rounded", c.agentLogitsRounded());
            putNumber(node, "agent_margin", c.agentMargin());
            node.put("id", c.id());
            node.put("role_id", c.roleId());
            putDoubles(node, "role_logits_rounded", c.roleLogitsRounded());
            putNumber(node, "role_margin", c.roleMargin());
            if (c.routeHash() != null) {
                node.put("route_hash", c.routeHash());
            }
            node.put("token_count", c.tokenCount());
            node.put("transcript_hash", c.transcriptHash());
        }
        root.put("generated_at", generatedAt);
        root.put("schema_version", SCHEMA_VERSION);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
                .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JSON.getFactory().createGenerator(text)) {
            generator.setPrettyPrinter(printer);
            JSON.writeTree(generator, root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the snapshot", e);
        }
        return text.toString();
    }

    /**
     * Writes the snapshot, creating parent folders.
     *
     * @param file the target file (replaced)
     * @throws IOException when it cannot be written
     */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    private static void putDoubles(ObjectNode node, String key, double[] values) {
        if (values != null) {
            ArrayNode array = node.putArray(key);
            for (double v : values) {
                array.add(v);
            }
        }
    }

    private static void putNumber(ObjectNode node, String key, Double value) {
        if (value != null) {
            node.put(key, value);
        }
    }
}
