package dev.trinity.coordinator.pool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.json.JsonFiles;
import dev.trinity.coordinator.provider.ProviderKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a pool file: {@code {"name", "defaults": {...}, "slots": [{"id": 0, ...}, ...]}}.
 *
 * <p>Every slot {@code 0..n-1} gets {@code defaults} merged with its own entry ({@code slots} may be omitted).
 * Keys of {@code defaults} and slots: {@code provider, base_url, model, api_key_env, max_tokens, temperature,
 * timeout_ms, price_usd_per_million_tokens} (an object {@code {"input": X, "output": Y}}, USD per million tokens,
 * used by the cost budget); slots also {@code id} (required) and {@code label}. Unknown keys, unknown providers, duplicate or
 * out-of-range ids and a missing {@code base_url} for {@code openai-compatible} are errors naming the slot.
 * Missing {@code max_tokens}, {@code temperature}, {@code timeout_ms} default to 200, 0.2, 30000.
 */
public final class PoolFile {

    private static final Set<String> TOP_KEYS = Set.of("name", "defaults", "slots");
    private static final Set<String> DEFAULT_KEYS = Set.of("provider", "base_url", "model", "api_key_env",
            "max_tokens", "temperature", "timeout_ms", "price_usd_per_million_tokens");
    private static final Set<String> PRICE_KEYS = Set.of("input", "output");
    private static final Set<String> SLOT_KEYS;

    static {
        Set<String> keys = new HashSet<>(DEFAULT_KEYS);
        keys.add("id");
        keys.add("label");
        SLOT_KEYS = Set.copyOf(keys);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PoolFile() {
    }

    /**
     * Loads a pool file with {@link ProviderPool#AGENT_SLOTS} slots.
     *
     * @param path the file
     * @return the pool
     * @throws IllegalArgumentException naming the file, slot and field
     */
    public static ProviderPool load(Path path) {
        String json;
        try {
            json = Files.readString(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read pool file " + path + ": " + e.getMessage(), e);
        }
        return parse(json, path.toString(), ProviderPool.AGENT_SLOTS);
    }

    /**
     * Parses pool JSON.
     *
     * @param json the text
     * @param source the file name for messages
     * @param slotCount the number of agent slots (7 for the Sakana router)
     * @return the pool
     */
    public static ProviderPool parse(String json, String source, int slotCount) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("pool file " + source + " is not valid JSON: "
                    + JsonFiles.describe(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("pool file " + source + " must hold a JSON object");
        }
        checkKeys(root, TOP_KEYS, "pool file " + source);
        String name = root.has("name") ? text(root.get("name"), "pool file " + source + ": name") : source;
        JsonNode defaults = root.path("defaults");
        if (!defaults.isMissingNode() && !defaults.isObject()) {
            throw new IllegalArgumentException("pool file " + source + ": defaults must be an object");
        }
        if (defaults.isObject()) {
            checkKeys(defaults, DEFAULT_KEYS, "pool file " + source + ": defaults");
        }
        JsonNode[] perSlot = slotEntries(root.path("slots"), source, slotCount);
        List<SlotSpec> slots = new ArrayList<>(slotCount);
        for (int id = 0; id < slotCount; id++) {
            slots.add(merge(id, defaults, perSlot[id], "pool file " + source + ": slot " + id));
        }
        return new ProviderPool(name, slots);
    }

    private static JsonNode[] slotEntries(JsonNode slotsNode, String source, int slotCount) {
        JsonNode[] perSlot = new JsonNode[slotCount];
        if (slotsNode.isMissingNode() || slotsNode.isNull()) {
            return perSlot;
        }
        if (!slotsNode.isArray()) {
            throw new IllegalArgumentException("pool file " + source + ": slots must be an array");
        }
        for (int i = 0; i < slotsNode.size(); i++) {
            JsonNode entry = slotsNode.get(i);
            String where = "pool file " + source + ": slots[" + i + "]";
            if (!entry.isObject()) {
                throw new IllegalArgumentException(where + " must be an object");
            }
            if (!entry.path("id").isIntegralNumber()) {
                throw new IllegalArgumentException(where + ": id must be an integer 0.." + (slotCount - 1));
            }
            int id = entry.get("id").asInt();
            if (id < 0 || id >= slotCount) {
                throw new IllegalArgumentException(where + ": slot id " + id + " is outside 0.." + (slotCount - 1));
            }
            if (perSlot[id] != null) {
                throw new IllegalArgumentException(where + ": duplicate slot id " + id);
            }
            checkKeys(entry, SLOT_KEYS, "pool file " + source + ": slot " + id);
            perSlot[id] = entry;
        }
        return perSlot;
    }

    private static SlotSpec merge(int id, JsonNode defaults, JsonNode slot, String where) {
        JsonNode provider = pick("provider", slot, defaults);
        if (provider == null) {
            throw new IllegalArgumentException(where + ": provider is missing; set it in defaults or in the slot");
        }
        ProviderKind kind;
        try {
            kind = ProviderKind.parse(text(provider, where + ": provider"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        JsonNode model = pick("model", slot, defaults);
        if (model == null) {
            throw new IllegalArgumentException(where + ": model is missing; set it in defaults or in the slot");
        }
        JsonNode baseUrl = pick("base_url", slot, defaults);
        JsonNode keyEnv = pick("api_key_env", slot, defaults);
        JsonNode maxTokens = pick("max_tokens", slot, defaults);
        JsonNode temperature = pick("temperature", slot, defaults);
        JsonNode timeout = pick("timeout_ms", slot, defaults);
        JsonNode price = pick("price_usd_per_million_tokens", slot, defaults);
        JsonNode label = slot == null ? null : slot.get("label");
        try {
            return new SlotSpec(id, kind, text(model, where + ": model"),
                    baseUrl == null ? null : text(baseUrl, where + ": base_url"),
                    keyEnv == null ? null : text(keyEnv, where + ": api_key_env"),
                    maxTokens == null ? 200 : integer(maxTokens, where + ": max_tokens"),
                    temperature == null ? 0.2 : number(temperature, where + ": temperature"),
                    timeout == null ? 30_000 : integer(timeout, where + ": timeout_ms"),
                    label == null ? null : text(label, where + ": label"),
                    price == null ? null : price(price, where + ": price_usd_per_million_tokens"));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new IllegalArgumentException(message.startsWith("pool file") ? message
                    : where + ": " + message.replaceFirst("^slot \\d+: ", ""), e);
        }
    }

    private static JsonNode pick(String key, JsonNode slot, JsonNode defaults) {
        if (slot != null && slot.has(key) && !slot.get(key).isNull()) {
            return slot.get(key);
        }
        if (defaults.isObject() && defaults.has(key) && !defaults.get(key).isNull()) {
            return defaults.get(key);
        }
        return null;
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key \"" + key + "\"; allowed keys are "
                        + new TreeSet<>(allowed));
            }
        }
    }

    private static String text(JsonNode node, String where) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException(where + " must be a non-blank string");
        }
        return node.asText().strip();
    }

    private static TokenPrice price(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be an object {\"input\": X, \"output\": Y} (USD per "
                    + "million tokens), got " + node);
        }
        checkKeys(node, PRICE_KEYS, where);
        for (String key : PRICE_KEYS) {
            if (!node.path(key).isNumber() || node.get(key).asDouble() < 0) {
                throw new IllegalArgumentException(where + ": " + key + " must be a number >= 0 (USD per million "
                        + "tokens), got " + (node.has(key) ? node.get(key) : "nothing"));
            }
        }
        return new TokenPrice(node.get("input").asDouble(), node.get("output").asDouble());
    }

    private static int integer(JsonNode node, String where) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new IllegalArgumentException(where + " must be an integer, got " + node);
        }
        return node.asInt();
    }

    private static double number(JsonNode node, String where) {
        if (!node.isNumber()) {
            throw new IllegalArgumentException(where + " must be a number, got " + node);
        }
        return node.asDouble();
    }
}
