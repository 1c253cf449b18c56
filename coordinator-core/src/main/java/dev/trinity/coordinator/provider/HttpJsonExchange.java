package dev.trinity.coordinator.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The OkHttp edge shared by the HTTP providers: one POST of a JSON body, one attempt, errors typed.
 *
 * <p>The response is closed by try-with-resources. A non-2xx status becomes the {@link ProviderErrorMapper}'s
 * exception; an I/O failure after the status line arrived is marked as partial output, so it is never retried.
 */
final class HttpJsonExchange {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client;
    private final ObjectMapper mapper;
    private final Clock clock;

    HttpJsonExchange(OkHttpClient client, ObjectMapper mapper, Clock clock) {
        this.client = client;
        this.mapper = mapper;
        this.clock = clock;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * POSTs a JSON body and returns the parsed JSON reply.
     *
     * @param label the provider kind, for messages
     * @param url the endpoint
     * @param headers request headers (credentials included; never put in messages)
     * @param body the request object
     * @param timeout the whole-call timeout
     * @return the parsed body of a 2xx reply
     */
    JsonNode post(String label, String url, Map<String, String> headers, Object body, Duration timeout) {
        return post(label, url, headers, body, timeout, ProviderErrorMapper::fromStatus);
    }

    /** How a non-2xx reply becomes an exception (the shared table, or a provider's own reading of its body). */
    @FunctionalInterface
    interface ErrorMapping {
        ProviderException map(int status, String body, Duration retryAfter, String where);
    }

    /** {@link #post(String, String, Map, Object, Duration)} with a provider's own error mapping. */
    JsonNode post(String label, String url, Map<String, String> headers, Object body, Duration timeout,
                  ErrorMapping errors) {
        String where = label + " POST " + url;
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the request for " + where, e);
        }
        Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(json, JSON));
        headers.forEach(request::header);
        Call call = clientFor(timeout).newCall(request.build());
        call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        boolean statusReceived = false;
        int status = 0;
        String text;
        try (Response response = call.execute()) {
            statusReceived = true;
            status = response.code();
            ResponseBody responseBody = response.body();
            text = responseBody == null ? "" : responseBody.string();
            if (response.protocol() == Protocol.HTTP_1_0
                    && !"keep-alive".equalsIgnoreCase(response.header("Connection"))) {
                // An HTTP/1.0 server (Python's http.server, simple proxies) closes the connection after this reply,
                // but OkHttp pools it; the next call would fail on it and cost a counted retry. Drop it now.
                client.connectionPool().evictAll();
            }
            if (status < 200 || status > 299) {
                Duration retryAfter = RetryAfter.parse(response.header("retry-after-ms"),
                        response.header("Retry-After"), clock).orElse(null);
                throw errors.map(status, text, retryAfter, where);
            }
        } catch (SocketTimeoutException e) {
            throw new ProviderTimeoutException(where + " timed out after " + timeout.toMillis() + " ms", status,
                    statusReceived, e);
        } catch (InterruptedIOException e) {
            // OkHttp's call timeout surfaces as InterruptedIOException("timeout").
            throw new ProviderTimeoutException(where + " timed out after " + timeout.toMillis() + " ms", status,
                    statusReceived, e);
        } catch (IOException e) {
            throw new ProviderConnectionException(where + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), statusReceived, e);
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedResponseException(where + " answered HTTP " + status
                    + " with a body that is not JSON", status, null);
        }
    }

    /**
     * The client for one call. The slot's timeout is the only limit on a call: a client whose own read or write
     * timeout is shorter (OkHttp's default is 10 s) would cut a slow but healthy reply short and report it as the
     * slot's timeout, so such a client is widened for this call (same connection pool and dispatcher).
     */
    private OkHttpClient clientFor(Duration timeout) {
        long millis = timeout.toMillis();
        boolean shorter = client.readTimeoutMillis() != 0 && client.readTimeoutMillis() < millis
                || client.writeTimeoutMillis() != 0 && client.writeTimeoutMillis() < millis;
        return shorter ? client.newBuilder().readTimeout(timeout).writeTimeout(timeout).build() : client;
    }
}
