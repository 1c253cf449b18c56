package dev.trinity.coordinator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.pool.AgentPool;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenAI-compatible, Anthropic and Gemini providers against a local MockWebServer. */
class HttpProvidersTest {

    private static final String KEY = "sk-test-key-123456";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPENAI_OK = "{\"model\":\"m-1\",\"choices\":[{\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Result: 42\"}}],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":3}}";
    private static final String ANTHROPIC_OK = "{\"model\":\"claude-x\",\"content\":[{\"type\":\"text\","
            + "\"text\":\"Result: \"},{\"type\":\"text\",\"text\":\"42\"}],\"usage\":{\"input_tokens\":9,"
            + "\"output_tokens\":2}}";
    private static final String GEMINI_OK = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
            + "{\"text\":\"thinking...\",\"thought\":true},{\"text\":\"Result: \"},{\"text\":\"42\"}]},"
            + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":4},"
            + "\"modelVersion\":\"gemini-x-001\"}";

    private final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    private final List<Duration> sleeps = new ArrayList<>();
    private final ProviderDispatcher dispatcher = new ProviderDispatcher(
            RetryPolicy.builder().maxRetries(2).initialDelay(Duration.ofMillis(100)).jitter(0).build(), sleeps::add);
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatProvider provider(String kind) {
        String base = server.url("/v1/").toString();
        if (kind.equals("anthropic")) {
            return AnthropicProvider.create(client, base, KEY, JSON, Clock.systemUTC());
        }
        if (kind.equals("gemini")) {
            return GeminiProvider.create(client, base, KEY, JSON, Clock.systemUTC());
        }
        return OpenAiCompatibleProvider.builder(client, base).apiKey(KEY).build();
    }

    private static String okBody(String kind) {
        return kind.equals("anthropic") ? ANTHROPIC_OK : kind.equals("gemini") ? GEMINI_OK : OPENAI_OK;
    }

    private static ChatRequest request(Duration timeout) {
        return new ChatRequest(List.of(Message.system("You are the Worker."), Message.user("6*7?")), "m-1", 64, 0.0,
                timeout, CallContext.standalone(0, "Worker"));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-compatible", "anthropic", "gemini"})
    void should_send_the_wire_format_and_parse_the_reply(String kind) throws Exception {
        server.enqueue(json(200, okBody(kind)));

        ChatResponse response = provider(kind).chat(request(Duration.ofSeconds(5)));

        assertThat(response.text()).isEqualTo("Result: 42");
        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        JsonNode body = JSON.readTree(recorded.getBody().utf8());
        if (kind.equals("gemini")) {
            assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/models/m-1:generateContent");
            assertThat(recorded.getUrl().query()).isNull();
            assertThat(recorded.getHeaders().get("x-goog-api-key")).isEqualTo(KEY);
            assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("You are the Worker.");
            assertThat(body.get("contents")).hasSize(1);
            assertThat(body.at("/contents/0/role").asText()).isEqualTo("user");
            assertThat(body.at("/contents/0/parts/0/text").asText()).isEqualTo("6*7?");
            assertThat(body.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(64);
            assertThat(body.at("/generationConfig/temperature").asDouble()).isZero();
            assertThat(response.inputTokens()).isEqualTo(8);
            assertThat(response.outputTokens()).isEqualTo(4);
            assertThat(response.model()).isEqualTo("gemini-x-001");
            return;
        }
        assertThat(body.get("model").asText()).isEqualTo("m-1");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
        if (kind.equals("anthropic")) {
            assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/messages");
            assertThat(recorded.getHeaders().get("x-api-key")).isEqualTo(KEY);
            assertThat(recorded.getHeaders().get("anthropic-version")).isEqualTo(AnthropicProvider.API_VERSION);
            assertThat(body.get("system").asText()).isEqualTo("You are the Worker.");
            assertThat(body.get("messages")).hasSize(1);
            assertThat(response.inputTokens()).isEqualTo(9);
        } else {
            assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
            assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
            assertThat(body.get("messages")).hasSize(2);
            assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("system");
            assertThat(body.get("temperature").asDouble()).isZero();
            assertThat(response.inputTokens()).isEqualTo(11);
            assertThat(response.outputTokens()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-compatible", "anthropic", "gemini"})
    void should_not_retry_401(String kind) {
        server.enqueue(json(401, "{\"error\":\"invalid api key\"}"));
        AtomicInteger gate = new AtomicInteger();

        DispatchOutcome outcome = dispatcher.dispatch(provider(kind), request(Duration.ofSeconds(5)), attempt -> {
            gate.incrementAndGet();
            return true;
        });

        assertThat(outcome).isInstanceOf(DispatchOutcome.Failed.class);
        ProviderException error = ((DispatchOutcome.Failed) outcome).error();
        assertThat(error).isInstanceOf(AuthenticationException.class);
        assertThat(error.statusCode()).isEqualTo(401);
        assertThat(error.kind().wireName()).isEqualTo("provider_authentication_failed");
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(gate.get()).isEqualTo(1);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-compatible", "anthropic", "gemini"})
    void should_honour_retry_after_on_429_and_count_two_attempts(String kind) {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3").body("{}").build());
        server.enqueue(json(200, okBody(kind)));
        AtomicInteger gate = new AtomicInteger();

        DispatchOutcome outcome = dispatcher.dispatch(provider(kind), request(Duration.ofSeconds(5)), attempt -> {
            gate.incrementAndGet();
            return true;
        });

        assertThat(outcome).isInstanceOf(DispatchOutcome.Completed.class);
        assertThat(((DispatchOutcome.Completed) outcome).response().text()).isEqualTo("Result: 42");
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(gate.get()).isEqualTo(2);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-compatible", "anthropic", "gemini"})
    void should_give_up_on_500_after_the_retries(String kind) {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(500, "{\"error\":\"boom\"}"));
        }

        DispatchOutcome outcome = dispatcher.dispatch(provider(kind), request(Duration.ofSeconds(5)),
                AttemptGate.OPEN);

        assertThat(outcome).isInstanceOf(DispatchOutcome.Failed.class);
        assertThat(((DispatchOutcome.Failed) outcome).error()).isInstanceOf(ProviderServerException.class);
        assertThat(((DispatchOutcome.Failed) outcome).error().getMessage()).contains("HTTP 500").contains("boom");
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-compatible", "anthropic", "gemini"})
    void should_type_a_timeout(String kind) {
        server.enqueue(new MockResponse.Builder().code(200).body(okBody(kind))
                .headersDelay(3, TimeUnit.SECONDS).build());

        assertThatThrownBy(() -> provider(kind).chat(request(Duration.ofMillis(200))))
                .isInstanceOf(ProviderTimeoutException.class)
                .hasMessageContaining("timed out after 200 ms")
                .satisfies(e -> assertThat(((ProviderException) e).retriable()).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-compatible", "anthropic", "gemini"})
    void a_reply_slower_than_the_clients_read_timeout_but_within_the_slots_timeout_arrives(String kind) {
        // an embedder's client with a short read timeout (OkHttp's own default is 10 s): the slot's timeout rules
        OkHttpClient shortReads = client.newBuilder().readTimeout(Duration.ofMillis(300)).build();
        server.enqueue(new MockResponse.Builder().code(200).body(okBody(kind))
                .headersDelay(1, TimeUnit.SECONDS).build());
        String base = server.url("/v1/").toString();
        ChatProvider provider = kind.equals("anthropic") ? AnthropicProvider.create(shortReads, base, KEY, JSON,
                Clock.systemUTC()) : kind.equals("gemini") ? GeminiProvider.create(shortReads, base, KEY, JSON,
                Clock.systemUTC()) : OpenAiCompatibleProvider.builder(shortReads, base).apiKey(KEY).build();

        assertThat(provider.chat(request(Duration.ofSeconds(10))).text()).isEqualTo("Result: 42");
    }

    @Test
    void a_reasoning_model_that_gave_no_answer_is_named_with_the_fix() {
        server.enqueue(json(200, "{\"choices\":[{\"finish_reason\":\"length\",\"message\":{\"role\":\"assistant\","
                + "\"content\":null,\"reasoning_content\":\"Okay, 6 times 7...\"}}]}"));

        assertThatThrownBy(() -> provider("openai-compatible").chat(request(Duration.ofSeconds(5))))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageEndingWith("answered only reasoning_content (finish_reason length): the model gave no "
                        + "answer within 64 max tokens; raise the slot's max_tokens or turn its thinking off");
        // some servers send an empty string rather than null; an answer next to reasoning is an answer
        server.enqueue(json(200, "{\"choices\":[{\"finish_reason\":\"length\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\",\"reasoning_content\":\"Okay...\"}}]}"));
        assertThatThrownBy(() -> provider("openai-compatible").chat(request(Duration.ofSeconds(5))))
                .hasMessageContaining("answered only reasoning_content");
        server.enqueue(json(200, "{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Result: 42\",\"reasoning_content\":\"6 times 7\"}}]}"));
        assertThat(provider("openai-compatible").chat(request(Duration.ofSeconds(5))).text()).isEqualTo("Result: 42");
    }

    @Test
    void the_default_client_sets_no_read_or_write_limit_of_its_own() {
        OkHttpClient pooled = AgentPool.defaultHttpClient();
        assertThat(pooled.readTimeoutMillis()).isZero();
        assertThat(pooled.writeTimeoutMillis()).isZero();
        assertThat(pooled.retryOnConnectionFailure()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-compatible", "anthropic", "gemini"})
    void should_type_malformed_json_and_not_retry_it(String kind) {
        server.enqueue(json(200, "{not json"));
        server.enqueue(json(200, "{\"unexpected\":true}"));

        DispatchOutcome first = dispatcher.dispatch(provider(kind), request(Duration.ofSeconds(5)), AttemptGate.OPEN);
        DispatchOutcome second = dispatcher.dispatch(provider(kind), request(Duration.ofSeconds(5)),
                AttemptGate.OPEN);

        assertThat(((DispatchOutcome.Failed) first).error()).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("not JSON");
        assertThat(((DispatchOutcome.Failed) second).error()).isInstanceOf(MalformedResponseException.class);
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(second.attempts()).isEqualTo(1);
    }

    /** Gemini's error body: {@code {"error": {"code", "message", "status", "details": [...]}}}. */
    private static String geminiError(int code, String status, String detail) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + status.toLowerCase() + "\",\"status\":\"" + status
                + "\",\"details\":[" + detail + "]}}";
    }

    @Test
    void gemini_reports_a_bad_key_as_400_which_is_an_authentication_failure_and_not_retried() {
        server.enqueue(json(400, geminiError(400, "INVALID_ARGUMENT", "{\"@type\":\"type.googleapis.com/"
                + "google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}")));

        DispatchOutcome outcome = dispatcher.dispatch(provider("gemini"), request(Duration.ofSeconds(5)),
                AttemptGate.OPEN);

        ProviderException error = ((DispatchOutcome.Failed) outcome).error();
        assertThat(error).isInstanceOf(AuthenticationException.class);
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.getMessage()).contains("API_KEY_INVALID").contains("check the API key").doesNotContain(KEY);
        assertThat(outcome.attempts()).isEqualTo(1);
    }

    @Test
    void gemini_retry_info_on_resource_exhausted_is_honoured_like_retry_after() {
        server.enqueue(json(429, geminiError(429, "RESOURCE_EXHAUSTED", "{\"@type\":\"type.googleapis.com/"
                + "google.rpc.RetryInfo\",\"retryDelay\":\"7s\"}")));
        server.enqueue(json(200, GEMINI_OK));

        DispatchOutcome outcome = dispatcher.dispatch(provider("gemini"), request(Duration.ofSeconds(5)),
                AttemptGate.OPEN);

        assertThat(outcome).isInstanceOf(DispatchOutcome.Completed.class);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @ParameterizedTest
    @ValueSource(strings = {"400:INVALID_ARGUMENT", "403:PERMISSION_DENIED", "404:NOT_FOUND", "500:INTERNAL",
        "503:UNAVAILABLE", "504:DEADLINE_EXCEEDED"})
    void gemini_error_statuses_map_into_the_typed_errors(String case_) {
        int status = Integer.parseInt(case_.split(":")[0]);
        server.enqueue(json(status, geminiError(status, case_.split(":")[1], "")));

        assertThatThrownBy(() -> provider("gemini").chat(request(Duration.ofSeconds(5))))
                .isInstanceOf(status >= 500 ? ProviderServerException.class : expectedType(status))
                .satisfies(e -> assertThat(((ProviderException) e).statusCode()).isEqualTo(status));
    }

    @Test
    void gemini_without_text_names_the_block_reason() {
        server.enqueue(json(200, "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}"));

        assertThatThrownBy(() -> provider("gemini").chat(request(Duration.ofSeconds(5))))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("without text (SAFETY)");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404, 408, 422, 502, 503, 529})
    void should_map_each_status_to_its_type(int status) {
        server.enqueue(json(status, "{}"));

        assertThatThrownBy(() -> provider("openai-compatible").chat(request(Duration.ofSeconds(5))))
                .isInstanceOf(expectedType(status))
                .satisfies(e -> assertThat(((ProviderException) e).statusCode()).isEqualTo(status));
    }

    private static Class<?> expectedType(int status) {
        switch (status) {
            case 403:
                return AuthenticationException.class;
            case 404:
                return ModelNotFoundException.class;
            case 408:
                return ProviderTimeoutException.class;
            case 502:
            case 503:
            case 529:
                return ProviderServerException.class;
            default:
                return InvalidRequestException.class;
        }
    }

    /**
     * A server speaking HTTP/1.0 as Python's {@code http.server} does: one reply per connection, then it closes it
     * without a {@code Connection: close} header.
     */
    private static Thread http10Server(ServerSocket socket, int replies) {
        Thread thread = new Thread(() -> {
            for (int i = 0; i < replies; i++) {
                try (Socket client = socket.accept()) {
                    InputStream in = client.getInputStream();
                    String head = "";
                    while (!head.endsWith("\r\n\r\n")) {
                        head += (char) in.read();
                    }
                    int length = Integer.parseInt(head.replaceAll("(?s).*[Cc]ontent-[Ll]ength: *(\\d+).*", "$1"));
                    in.readNBytes(length);
                    byte[] body = OPENAI_OK.getBytes(StandardCharsets.UTF_8);
                    client.getOutputStream().write(("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n").getBytes(
                                    StandardCharsets.US_ASCII));
                    client.getOutputStream().write(body);
                } catch (IOException e) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Test
    void an_http_1_0_server_that_closes_each_connection_costs_no_retry() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 8,
                InetAddress.getLoopbackAddress())) {
            http10Server(socket, 3);
            ChatProvider provider = OpenAiCompatibleProvider.builder(client,
                    "http://127.0.0.1:" + socket.getLocalPort() + "/v1").build();
            ProviderDispatcher once = new ProviderDispatcher(RetryPolicy.NONE, sleeps::add);
            for (int call = 0; call < 3; call++) {
                DispatchOutcome outcome = once.dispatch(provider, request(Duration.ofSeconds(5)), AttemptGate.OPEN);
                assertThat(outcome).as("call " + call).isInstanceOf(DispatchOutcome.Completed.class);
                assertThat(outcome.attempts()).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-compatible"})
    void should_fail_fast_on_a_refused_connection_without_okhttp_retries(String kind) throws Exception {
        String base = server.url("/v1").toString();
        server.close();
        ChatProvider closed = OpenAiCompatibleProvider.builder(client, base).build();

        DispatchOutcome outcome = new ProviderDispatcher(RetryPolicy.NONE, sleeps::add)
                .dispatch(closed, request(Duration.ofSeconds(5)), AttemptGate.OPEN);

        assertThat(((DispatchOutcome.Failed) outcome).error()).isInstanceOf(ProviderConnectionException.class);
        assertThat(outcome.attempts()).isEqualTo(1);
    }
}
