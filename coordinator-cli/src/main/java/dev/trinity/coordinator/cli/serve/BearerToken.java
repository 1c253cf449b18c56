package dev.trinity.coordinator.cli.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The server's bearer token: {@code Authorization: Bearer <token>}, compared in constant time (SHA-256 of both sides,
 * then {@link MessageDigest#isEqual}), so neither the token's length nor its prefix leaks through timing. The token is
 * kept only as its digest and never printed.
 */
final class BearerToken {

    private static final String PREFIX = "Bearer ";

    private final byte[] digest;

    private BearerToken(byte[] digest) {
        this.digest = digest;
    }

    /** A token; null or blank means no authentication. */
    static BearerToken of(String token) {
        return token == null || token.isBlank() ? null : new BearerToken(sha256(token));
    }

    /** Whether an {@code Authorization} header carries this token. */
    boolean accepts(String authorization) {
        String given = authorization != null && authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? authorization.substring(PREFIX.length()).strip() : "";
        // always hash and compare, present or not: the time does not tell a missing header from a wrong token
        return MessageDigest.isEqual(digest, sha256(given)) & !given.isEmpty();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }
}
