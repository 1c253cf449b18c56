package dev.trinity.coordinator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.conversation.Message;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenAI-compatible and Anthropic providers against a local MockWebServer. */
class HttpProvidersTest {

    private static final String KEY = "sk-test-key-123456";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPENAI_OK = "{\"model\":\"m-1\",\"choices\":[{\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Result: 42\"}}],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":3}}";
    private static final String ANTHROPIC_OK = "{\"model\":\"claude-x\",\"content\":[{\"type\":\"text\","
            + "\"text\":\"Result: \"},{\"type\":\"text\",\"text\":\"42\"}],\"usage\":{\"input_tokens\":9,"
            + "\"output_tokens\":2}}";

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
        return OpenAiCompatibleProvider.builder(client, base).apiKey(KEY).build();
    }

    private static String okBody(String kind) {
        return kind.equals("anthropic") ? ANTHROPIC_OK : OPENAI_OK;
    }

    private static ChatRequest request(Duration timeout) {
        return new ChatRequest(List.of(Message.system("You are the Worker."), Message.user("6*7?")), "m-1", 64, 0.0,
                timeout, CallContext.standalone(0, "Worker"));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-compatible", "anthropic"})
    void should_send_the_wire_format_and_parse_the_reply(String kind) throws Exception {
        server.enqueue(json(200, okBody(kind)));

        ChatResponse response = provider(kind).chat(request(Duration.ofSeconds(5)));

        assertThat(response.text()).isEqualTo("Result: 42");
        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        JsonNode body = JSON.readTree(recorded.getBody().utf8());
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
    @ValueSource(strings = {"openai-compatible", "anthropic"})
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
        assertThat(error.kind()).isEqualTo("provider_authentication_failed");
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(gate.get()).isEqualTo(1);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-compatible", "anthropic"})
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
    @ValueSource(strings = {"openai-compatible", "anthropic"})
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
    @ValueSource(strings = {"openai-compatible", "anthropic"})
    void should_type_a_timeout(String kind) {
        server.enqueue(new MockResponse.Builder().code(200).body(okBody(kind))
                .headersDelay(3, TimeUnit.SECONDS).build());

        assertThatThrownBy(() -> provider(kind).chat(request(Duration.ofMillis(200))))
                .isInstanceOf(ProviderTimeoutException.class)
                .hasMessageContaining("timed out after 200 ms")
                .satisfies(e -> assertThat(((ProviderException) e).retriable()).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-compatible", "anthropic"})
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
