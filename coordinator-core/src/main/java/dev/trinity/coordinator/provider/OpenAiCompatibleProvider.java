package dev.trinity.coordinator.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.conversation.Message;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * OpenAI chat completions ({@code POST {base_url}/chat/completions}) and every server that speaks it: OpenAI,
 * vLLM, Ollama, OpenRouter, Gemini's OpenAI-compatible endpoint.
 *
 * <p>Body {@code {model, messages, max_tokens, temperature}}, the messages in {@link WireConversation}'s shape (one
 * system message, then user/assistant turns ending with a user turn, as strict servers such as llama.cpp require);
 * reply {@code choices[0].message.content}, else
 * {@code choices[0].text}. The key goes in {@code Authorization: Bearer}; it is optional for local servers. One
 * HTTP attempt per call: give it an {@link OkHttpClient} built with {@code retryOnConnectionFailure(false)}.
 */
public final class OpenAiCompatibleProvider extends HttpChatProvider {

    /** OpenAI's base URL. */
    public static final String OPENAI_BASE_URL = "https://api.openai.com/v1";

    private OpenAiCompatibleProvider(Builder builder) {
        super(builder.kind, builder.client, builder.baseUrl, builder.apiKey, false, builder.mapper, builder.clock);
    }

    /**
     * A builder.
     *
     * @param client the shared OkHttp client (connection retries off)
     * @param baseUrl for example {@code http://127.0.0.1:11434/v1}
     * @return the builder
     */
    public static Builder builder(OkHttpClient client, String baseUrl) {
        return new Builder(client, baseUrl);
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", request.model());
        List<Message> wire = WireConversation.of(request.messages()).withSystemMessage();
        List<Map<String, String>> messages = new ArrayList<>(wire.size());
        for (Message message : wire) {
            messages.add(Map.of("role", message.role().wireName(), "content", message.content()));
        }
        body.put("messages", messages);
        body.put("max_tokens", request.maxTokens());
        body.put("temperature", request.temperature());
        Map<String, String> headers = apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
        String url = baseUrl() + "/chat/completions";
        JsonNode reply = http.post(kind().wireName(), url, headers, body, request.timeout());
        JsonNode choice = reply.path("choices").path(0);
        JsonNode content = choice.path("message").path("content");
        if (!content.isTextual()) {
            content = choice.path("text");
        }
        String where = kind().wireName() + " POST " + url;
        JsonNode reasoning = choice.path("message").path("reasoning_content");
        if ((!content.isTextual() || content.asText().isBlank()) && !reasoning.asText("").isBlank()) {
            // a reasoning model (Qwen3, DeepSeek-R1 on llama-server or vLLM) that thought but gave no answer
            throw new MalformedResponseException(where + " answered only reasoning_content (finish_reason "
                    + choice.path("finish_reason").asText("none") + "): the model gave no answer within "
                    + request.maxTokens() + " max tokens; raise the slot's max_tokens or turn its thinking off",
                    200, null);
        }
        if (!content.isTextual()) {
            throw new MalformedResponseException(where
                    + " answered without choices[0].message.content or choices[0].text", 200, null);
        }
        JsonNode usage = reply.path("usage");
        return new ChatResponse(content.asText(), reply.path("model").asText(request.model()),
                intOrNull(usage.path("prompt_tokens")), intOrNull(usage.path("completion_tokens")));
    }

    /** Builds an {@link OpenAiCompatibleProvider}. */
    public static final class Builder {
        private final OkHttpClient client;
        private final String baseUrl;
        private ProviderKind kind = ProviderKind.OPENAI_COMPATIBLE;
        private String apiKey;
        private ObjectMapper mapper = new ObjectMapper();
        private Clock clock = Clock.systemUTC();

        private Builder(OkHttpClient client, String baseUrl) {
            this.client = Objects.requireNonNull(client, "client");
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        }

        /** The traced kind, {@code openai} or {@code openai-compatible} (the default). */
        public Builder kind(ProviderKind value) {
            this.kind = Objects.requireNonNull(value, "kind");
            return this;
        }

        /** The API key, or null for servers without authentication. */
        public Builder apiKey(String value) {
            this.apiKey = value == null || value.isBlank() ? null : value;
            return this;
        }

        /** The JSON mapper (shared, thread-safe). */
        public Builder mapper(ObjectMapper value) {
            this.mapper = Objects.requireNonNull(value, "mapper");
            return this;
        }

        /** The clock for Retry-After dates. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Builds the provider. */
        public OpenAiCompatibleProvider build() {
            if (baseUrl.isBlank()) {
                throw new IllegalArgumentException("base_url must not be blank");
            }
            return new OpenAiCompatibleProvider(this);
        }
    }
}
