package dev.trinity.coordinator.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Objects;
import okhttp3.OkHttpClient;

/** What the HTTP providers share: kind, base URL, key (required or optional), and the OkHttp edge. */
abstract class HttpChatProvider implements ChatProvider {

    private final ProviderKind kind;
    private final String baseUrl;
    /** The API key, or null where none is needed; never printed. */
    final String apiKey;
    /** One POST per call, errors typed. */
    final HttpJsonExchange http;

    /**
     * Checks and keeps the settings.
     *
     * @param keyRequired whether a missing key is an error (else a blank key means none)
     * @throws MissingCredentialException when a required key is missing or blank
     */
    HttpChatProvider(ProviderKind kind, OkHttpClient client, String baseUrl, String apiKey, boolean keyRequired,
                     ObjectMapper mapper, Clock clock) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(baseUrl, "baseUrl");
        boolean blank = apiKey == null || apiKey.isBlank();
        if (blank && keyRequired) {
            throw new MissingCredentialException("the " + kind.wireName() + " provider needs an API key");
        }
        this.kind = Objects.requireNonNull(kind, "kind");
        this.baseUrl = stripTrailingSlash(baseUrl);
        this.apiKey = blank ? null : apiKey;
        this.http = new HttpJsonExchange(client, mapper, clock);
    }

    @Override
    public ProviderKind kind() {
        return kind;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    /** An integer field of a reply, or null when absent. */
    static Integer intOrNull(JsonNode node) {
        return node.isIntegralNumber() ? node.asInt() : null;
    }

    /** The URL without trailing slashes. */
    static String stripTrailingSlash(String url) {
        String s = url.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + kind.wireName() + ", " + baseUrl + ", key " + (apiKey == null ? "none" : "set")
                + "]";
    }
}
