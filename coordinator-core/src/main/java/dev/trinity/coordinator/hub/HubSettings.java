package dev.trinity.coordinator.hub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * Where and how to reach a Hugging Face hub: endpoint, token and proxy, resolved once from an environment map.
 *
 * <p>{@code HF_ENDPOINT} overrides the endpoint (default {@value #DEFAULT_ENDPOINT}); {@code HF_TOKEN} (or
 * {@code HUGGING_FACE_HUB_TOKEN}) is sent as {@code Authorization: Bearer …} and never printed ({@link #toString()}
 * masks it). Proxy: {@code HTTPS_PROXY}/{@code https_proxy} (and {@code HTTP_PROXY} for plain-http endpoints) with
 * {@code NO_PROXY} host suffixes; without them OkHttp uses the JVM's {@code ProxySelector}, which honours
 * {@code -Dhttps.proxyHost}/{@code -Dhttps.proxyPort}.
 *
 * @param endpoint the hub base URL, without a trailing slash
 * @param token the access token, or null
 * @param proxySelector the proxy rule from the environment, or null for the JVM default
 */
public record HubSettings(String endpoint, String token, ProxySelector proxySelector) {

    /** The public hub. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    /** Validates and normalizes the endpoint. */
    public HubSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        endpoint = endpoint.strip();
        while (endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        URI uri = URI.create(endpoint);
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("hub endpoint \"" + endpoint
                    + "\" is not an http(s) URL; fix HF_ENDPOINT");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
    }

    /**
     * Settings from environment variables ({@code System.getenv()} in the CLI).
     *
     * @param env the environment
     * @return the settings
     */
    public static HubSettings fromEnvironment(Map<String, String> env) {
        String endpoint = env.getOrDefault("HF_ENDPOINT", "");
        String token = env.getOrDefault("HF_TOKEN", env.get("HUGGING_FACE_HUB_TOKEN"));
        return new HubSettings(endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint, token, proxyFrom(env));
    }

    /** The public hub, no token, the JVM's proxy settings. */
    public static HubSettings defaults() {
        return new HubSettings(DEFAULT_ENDPOINT, null, null);
    }

    /**
     * The Hugging Face cache directory: {@code HF_HUB_CACHE}, else {@code HF_HOME/hub}, else
     * {@code ~/.cache/huggingface/hub}.
     *
     * @param env the environment
     * @param userHome the user's home directory
     * @return the hub cache directory
     */
    public static Path defaultCacheDir(Map<String, String> env, Path userHome) {
        String hubCache = env.get("HF_HUB_CACHE");
        if (hubCache != null && !hubCache.isBlank()) {
            return Path.of(hubCache);
        }
        String home = env.get("HF_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home).resolve("hub");
        }
        return userHome.resolve(".cache").resolve("huggingface").resolve("hub");
    }

    /**
     * An OkHttp client for the hub: redirects followed (OkHttp drops the Authorization header when a redirect
     * changes host), generous read timeout for large files. Unlike the provider client, it lets OkHttp retry a GET
     * on a fresh connection when a pooled one turns out stale (servers such as {@code python3 -m http.server} close
     * every connection after one response): these requests are idempotent and no budget counts them. A download
     * cut off mid-body is still reported and resumed by the next run.
     *
     * @return a new client
     */
    public OkHttpClient newHttpClient() {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .retryOnConnectionFailure(true)
                .connectTimeout(Duration.ofSeconds(30))
                .readTimeout(Duration.ofSeconds(120))
                .followRedirects(true)
                .followSslRedirects(true);
        if (proxySelector != null) {
            builder.proxySelector(proxySelector);
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "HubSettings[endpoint=" + endpoint + ", token=" + (token == null ? "none" : "***") + ", proxy="
                + (proxySelector == null ? "jvm-default" : "environment") + "]";
    }

    private static ProxySelector proxyFrom(Map<String, String> env) {
        Proxy https = parseProxy(first(env, "HTTPS_PROXY", "https_proxy"));
        Proxy http = parseProxy(first(env, "HTTP_PROXY", "http_proxy"));
        if (https == null && http == null) {
            return null;
        }
        List<String> noProxy = new ArrayList<>();
        String list = first(env, "NO_PROXY", "no_proxy");
        if (list != null) {
            for (String host : list.split(",")) {
                if (!host.isBlank()) {
                    noProxy.add(host.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return new EnvironmentProxySelector(https, http, noProxy);
    }

    private static String first(Map<String, String> env, String a, String b) {
        String value = env.get(a);
        return value == null || value.isBlank() ? env.get(b) : value;
    }

    private static Proxy parseProxy(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        URI uri = URI.create(value.contains("://") ? value.strip() : "http://" + value.strip());
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("proxy setting \"" + value + "\" has no host; use http://host:port");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 8080;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port));
    }

    /** Picks the environment proxy by scheme, going direct for NO_PROXY hosts. */
    private static final class EnvironmentProxySelector extends ProxySelector {
        private final Proxy https;
        private final Proxy http;
        private final List<String> noProxy;

        EnvironmentProxySelector(Proxy https, Proxy http, List<String> noProxy) {
            this.https = https;
            this.http = http;
            this.noProxy = List.copyOf(noProxy);
        }

        @Override
        public List<Proxy> select(URI uri) {
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            for (String entry : noProxy) {
                String suffix = entry.startsWith(".") ? entry.substring(1) : entry;
                if (entry.equals("*") || host.equals(suffix) || host.endsWith("." + suffix)) {
                    return List.of(Proxy.NO_PROXY);
                }
            }
            Proxy proxy = "https".equalsIgnoreCase(uri.getScheme()) ? (https != null ? https : http) : http;
            return List.of(proxy == null ? Proxy.NO_PROXY : proxy);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException e) {
            // nothing to remember: the request fails and the caller reports it
        }
    }
}
