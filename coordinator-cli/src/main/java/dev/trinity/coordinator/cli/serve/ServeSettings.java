package dev.trinity.coordinator.cli.serve;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * How the server listens and behaves.
 *
 * @param host the address to bind; a non-loopback address needs a token
 * @param port the port, 0 for any free one
 * @param token the bearer token every endpoint but {@code /healthz} needs, or null for none
 * @param maxBodyBytes request bodies (and websocket messages) above this get 413 (or close 1009)
 * @param maxBatch route requests batched into one forward, at most
 * @param batchWaitMs how long the first request of a batch waits for others
 * @param shutdownGraceMs how long shutdown waits for in-flight requests, then for running trainings
 * @param trainDir where websocket training runs keep their output ({@code DIR/WORKFLOW/EXECUTION})
 * @param allowLive whether runs and training evaluators may call live providers
 */
public record ServeSettings(String host, int port, String token, long maxBodyBytes, int maxBatch, long batchWaitMs,
                            long shutdownGraceMs, Path trainDir, boolean allowLive) {

    /** The default body limit: 1 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;

    /**
     * Validates.
     *
     * @throws IllegalArgumentException one line naming the bad setting
     */
    public ServeSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("the body limit must be at least 1 byte, got " + maxBodyBytes);
        }
        if (maxBatch < 1 || maxBatch > 1024) {
            throw new IllegalArgumentException("the batch size must be 1-1024, got " + maxBatch);
        }
        if (batchWaitMs < 0 || batchWaitMs > 10_000) {
            throw new IllegalArgumentException("the batch wait must be 0-10000 ms, got " + batchWaitMs);
        }
        if (shutdownGraceMs < 0) {
            throw new IllegalArgumentException("the shutdown grace must be >= 0 ms, got " + shutdownGraceMs);
        }
        trainDir = trainDir == null ? Path.of("training") : trainDir;
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (token == null && !isLoopback(host)) {
            throw new IllegalArgumentException("binding " + host + " (not a loopback address) without a token would "
                    + "serve anyone who can reach it; pass --token-env VAR, or bind 127.0.0.1");
        }
    }

    /** Whether a host name or address is a loopback address. */
    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the address to bind: " + host, e);
        }
    }

    @Override
    public String toString() {
        return "ServeSettings[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "set")
                + ", maxBodyBytes=" + maxBodyBytes + ", maxBatch=" + maxBatch + ", batchWaitMs=" + batchWaitMs
                + ", shutdownGraceMs=" + shutdownGraceMs + ", trainDir=" + trainDir + ", allowLive=" + allowLive
                + "]";
    }
}
