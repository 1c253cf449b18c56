package dev.trinity.coordinator.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.MessagesJson;
import dev.trinity.coordinator.json.JsonFiles;
import dev.trinity.coordinator.setting.MissingInputException;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.Wording;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A prompt-eval cases file ({@code qwen_router_prompt_eval_cases.json}):
 * {@code {schema_version: 1, cases: [{id, messages: [{role, content}], expected: {agent_id, role_id}, tags, notes}]}}.
 * Other top-level keys (such as {@code coverage}) are ignored; key order does not matter.
 *
 * @param file where the cases were read from (for messages), or null
 * @param cases the cases in file order, ids unique
 */
public record PromptEvalCases(Path file, List<PromptEvalCase> cases) {

    /** The only schema version this reader knows. */
    public static final int SCHEMA_VERSION = 1;

    /** Copies the cases and checks that ids are unique. */
    public PromptEvalCases {
        cases = List.copyOf(Objects.requireNonNull(cases, "cases"));
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (PromptEvalCase c : cases) {
            if (seen.put(c.id(), Boolean.TRUE) != null) {
                throw new IllegalArgumentException("case id \"" + c.id() + "\" appears twice"
                        + (file == null ? "" : " in " + file));
            }
        }
    }

    /**
     * Reads a cases file.
     *
     * @param file the JSON file
     * @return the cases
     * @throws IOException naming the file and what is wrong with it
     */
    public static PromptEvalCases read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JsonFiles.read(file, "cases file " + file);
        } catch (NoSuchFileException e) {
            throw new MissingInputException(Wording.of(e.getMessage() + "; pass ", Setting.CASES_FILE, " or run from "
                    + "the repository (examples/fixtures/qwen_router_prompt_eval_cases.json)"), e);
        }
        try {
            return parse(file, root);
        } catch (IllegalArgumentException e) {
            throw new IOException("cases file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses the JSON of a cases file.
     *
     * @param file the file name for messages, or null
     * @param root the parsed JSON
     * @return the cases
     * @throws IllegalArgumentException naming the first bad entry
     */
    public static PromptEvalCases parse(Path file, JsonNode root) {
        if (root == null || !root.isObject() || !root.path("cases").isArray()) {
            throw new IllegalArgumentException("expected an object with a \"cases\" list");
        }
        JsonNode version = root.get("schema_version");
        if (version != null && version.asInt(-1) != SCHEMA_VERSION) {
            throw new IllegalArgumentException("schema_version " + version + " is not supported (expected "
                    + SCHEMA_VERSION + ")");
        }
        List<PromptEvalCase> cases = new ArrayList<>();
        int index = 0;
        for (JsonNode node : root.get("cases")) {
            cases.add(parseCase(node, index++));
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("the \"cases\" list is empty");
        }
        return new PromptEvalCases(file, cases);
    }

    private static PromptEvalCase parseCase(JsonNode node, int index) {
        JsonNode id = node.get("id");
        if (!node.isObject() || id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new IllegalArgumentException("case " + index + " needs a non-empty string \"id\"");
        }
        String where = "case \"" + id.asText() + "\"";
        List<Message> messages;
        try {
            messages = MessagesJson.parse(node.get("messages"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " \"messages\": " + e.getMessage(), e);
        }
        JsonNode expected = node.get("expected");
        if (expected == null || !expected.path("agent_id").isIntegralNumber()
                || !expected.path("role_id").isIntegralNumber()) {
            throw new IllegalArgumentException(where + " needs \"expected\": {\"agent_id\": int, \"role_id\": int}");
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : node.path("tags")) {
            tags.add(tag.asText());
        }
        return new PromptEvalCase(id.asText(), messages, expected.get("agent_id").asInt(),
                expected.get("role_id").asInt(), tags, node.path("notes").asText(""));
    }

    /**
     * The cases with the given ids, in the order given; all cases when {@code ids} is empty.
     *
     * @param ids case ids ({@code --case}), possibly empty
     * @return the selected cases
     * @throws UnknownCaseException for the first id that is not in the file
     */
    public List<PromptEvalCase> select(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return cases;
        }
        Map<String, PromptEvalCase> byId = new LinkedHashMap<>();
        cases.forEach(c -> byId.put(c.id(), c));
        List<PromptEvalCase> selected = new ArrayList<>();
        for (String id : ids) {
            PromptEvalCase c = byId.get(id);
            if (c == null) {
                throw new UnknownCaseException(id);
            }
            if (!selected.contains(c)) {
                selected.add(c);
            }
        }
        return selected;
    }

    /** The case ids in file order. */
    public List<String> ids() {
        return cases.stream().map(PromptEvalCase::id).toList();
    }

    /** A {@code --case} id that the cases file does not have. */
    public static final class UnknownCaseException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final String caseId;

        /** For the unknown id. */
        public UnknownCaseException(String caseId) {
            super("Unknown case \"" + caseId + "\". Run with --list-cases.");
            this.caseId = caseId;
        }

        /** The id that was not found. */
        public String caseId() {
            return caseId;
        }
    }
}
