package dev.trinity.coordinator.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.MessageRole;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;

/**
 * Google's Gemini API ({@code POST {base_url}/models/{model}:generateContent}).
 *
 * <p>The system text goes to {@code systemInstruction}; the turns ({@link WireConversation}: alternating, first and
 * last a user turn) to {@code contents} with roles {@code user} and {@code model}; {@code max_tokens} and
 * {@code temperature} to {@code generationConfig}. The key travels in the {@code x-goog-api-key} header, never in
 * the URL. The reply is the text parts of {@code candidates[0]} (thought parts skipped); usage comes from
 * {@code usageMetadata}. One HTTP attempt per call.
 *
 * <p>Errors follow the shared status table, read with Gemini's error body ({@code error.status},
 * {@code error.details}): HTTP 400 with reason {@code API_KEY_INVALID} is an authentication failure (Gemini
 * reports a bad key as 400, not 401), and the {@code RetryInfo.retryDelay} of a 429 ({@code RESOURCE_EXHAUSTED})
 * or 503 is honoured like a {@code Retry-After} header. A reply without text (a blocked prompt, a safety stop) is a
 * malformed response naming Gemini's reason.
 */
public final class GeminiProvider extends HttpChatProvider {

    /** Google's Gemini API base URL. */
    public static final String GEMINI_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

    private static final Pattern SECONDS = Pattern.compile("^(\\d+(?:\\.\\d+)?)s$");

    private GeminiProvider(OkHttpClient client, String baseUrl, String apiKey, ObjectMapper mapper, Clock clock) {
        super(ProviderKind.GEMINI, client, baseUrl, apiKey, true, mapper, clock);
    }

    /**
     * Creates the provider.
     *
     * @param client the shared OkHttp client (connection retries off)
     * @param baseUrl the base URL, for example {@link #GEMINI_BASE_URL}
     * @param apiKey the API key, required
     * @param mapper the JSON mapper
     * @param clock the clock for Retry-After dates
     * @return the provider
     */
    public static GeminiProvider create(OkHttpClient client, String baseUrl, String apiKey, ObjectMapper mapper,
                                        Clock clock) {
        return new GeminiProvider(client, baseUrl, apiKey, mapper, clock);
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        WireConversation wire = WireConversation.of(request.messages());
        List<Map<String, Object>> contents = new ArrayList<>(wire.turns().size());
        for (Message turn : wire.turns()) {
            contents.add(Map.of("role", turn.role() == MessageRole.USER ? "user" : "model",
                    "parts", List.of(Map.of("text", turn.content()))));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (wire.system() != null) {
            body.put("systemInstruction", Map.of("parts", List.of(Map.of("text", wire.system()))));
        }
        body.put("contents", contents);
        body.put("generationConfig", Map.of("maxOutputTokens", request.maxTokens(),
                "temperature", request.temperature()));
        String url = baseUrl() + "/models/" + URLEncoder.encode(request.model(), StandardCharsets.UTF_8)
                .replace("+", "%20") + ":generateContent";
        JsonNode reply = http.post(kind().wireName(), url, Map.of("x-goog-api-key", apiKey), body, request.timeout(),
                (status, text, retryAfter, where) -> mapError(http.mapper(), status, text, retryAfter, where));
        JsonNode candidate = reply.path("candidates").path(0);
        StringBuilder text = new StringBuilder();
        boolean found = false;
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) {
                text.append(part.get("text").asText());
                found = true;
            }
        }
        if (!found) {
            String reason = reply.path("promptFeedback").path("blockReason").asText(
                    candidate.path("finishReason").asText("no candidates"));
            throw new MalformedResponseException("gemini POST " + url + " answered without text (" + reason + ")",
                    200, null);
        }
        JsonNode usage = reply.path("usageMetadata");
        return new ChatResponse(text.toString(), reply.path("modelVersion").asText(request.model()),
                intOrNull(usage.path("promptTokenCount")),
                intOrNull(usage.path("candidatesTokenCount")));
    }

    /** The shared status table, read with Gemini's error body (a bad key is a 400; RetryInfo gives the wait). */
    static ProviderException mapError(ObjectMapper mapper, int status, String body, Duration retryAfter,
                                      String where) {
        JsonNode error;
        try {
            error = mapper.readTree(body == null || body.isBlank() ? "{}" : body).path("error");
        } catch (java.io.IOException e) {
            return ProviderErrorMapper.fromStatus(status, body, retryAfter, where);
        }
        Duration wait = retryAfter;
        for (JsonNode detail : error.path("details")) {
            if (status == 400 && "API_KEY_INVALID".equals(detail.path("reason").asText())) {
                return new AuthenticationException(where + " answered HTTP 400 API_KEY_INVALID: "
                        + error.path("message").asText("the API key is not valid")
                        + "; check the API key the pool names", status);
            }
            Matcher delay = SECONDS.matcher(detail.path("retryDelay").asText(""));
            if (wait == null && delay.matches()) {
                wait = Duration.ofMillis(Math.round(Double.parseDouble(delay.group(1)) * 1000));
            }
        }
        return ProviderErrorMapper.fromStatus(status, body, wait, where);
    }
}
