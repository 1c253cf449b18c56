package dev.trinity.coordinator.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.conversation.Message;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * Anthropic's Messages API ({@code POST {base_url}/messages}).
 *
 * <p>System messages (the injected role prompt included) are joined into the top-level {@code system} field; the
 * others go to {@code messages} in {@link WireConversation}'s shape (alternating, first and last a user turn: a
 * request ending with an assistant message would be a prefill for Anthropic). The reply is the concatenation of the {@code text} blocks of {@code content}.
 * Headers: {@code x-api-key} and {@code anthropic-version}. One HTTP attempt per call.
 */
public final class AnthropicProvider extends HttpChatProvider {

    /** Anthropic's base URL. */
    public static final String ANTHROPIC_BASE_URL = "https://api.anthropic.com/v1";
    /** The API version header value. */
    public static final String API_VERSION = "2023-06-01";

    private AnthropicProvider(OkHttpClient client, String baseUrl, String apiKey, ObjectMapper mapper, Clock clock) {
        super(ProviderKind.ANTHROPIC, client, baseUrl, apiKey, true, mapper, clock);
    }

    /**
     * Creates the provider.
     *
     * @param client the shared OkHttp client (connection retries off)
     * @param baseUrl the base URL, for example {@link #ANTHROPIC_BASE_URL}
     * @param apiKey the API key, required
     * @param mapper the JSON mapper
     * @param clock the clock for Retry-After dates
     * @return the provider
     */
    public static AnthropicProvider create(OkHttpClient client, String baseUrl, String apiKey, ObjectMapper mapper,
                                           Clock clock) {
        return new AnthropicProvider(client, baseUrl, apiKey, mapper, clock);
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        WireConversation wire = WireConversation.of(request.messages());
        List<Map<String, String>> messages = new ArrayList<>(wire.turns().size());
        for (Message message : wire.turns()) {
            messages.add(Map.of("role", message.role().wireName(), "content", message.content()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", request.model());
        body.put("max_tokens", request.maxTokens());
        body.put("temperature", request.temperature());
        if (wire.system() != null) {
            body.put("system", wire.system());
        }
        body.put("messages", messages);
        String url = baseUrl() + "/messages";
        JsonNode reply = http.post(kind().wireName(), url,
                Map.of("x-api-key", apiKey, "anthropic-version", API_VERSION), body, request.timeout());
        JsonNode content = reply.path("content");
        if (!content.isArray()) {
            throw new MalformedResponseException("anthropic POST " + url + " answered without a content array", 200,
                    null);
        }
        StringBuilder text = new StringBuilder();
        boolean found = false;
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText()) && block.path("text").isTextual()) {
                text.append(block.path("text").asText());
                found = true;
            }
        }
        if (!found) {
            throw new MalformedResponseException("anthropic POST " + url + " answered without a text block", 200,
                    null);
        }
        JsonNode usage = reply.path("usage");
        return new ChatResponse(text.toString(), reply.path("model").asText(request.model()),
                intOrNull(usage.path("input_tokens")),
                intOrNull(usage.path("output_tokens")));
    }
}
