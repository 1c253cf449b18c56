package dev.trinity.coordinator.role;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Parses Verifier replies: a reply is accepted or revised only when it starts with the token, alone or followed by
 * {@code :}, a space, {@code -}, an em dash or a line break.
 *
 * <p>Matching is case-insensitive on the trimmed reply; the accept token is tested first. Tabs, periods, letters
 * after the token, or a token later in the text do not count, so {@code ACCEPTED} and {@code I ACCEPT} are
 * unknown, and unknown is never acceptance.
 */
public final class VerifierParser {

    /** The default accept token. */
    public static final String DEFAULT_ACCEPT = "ACCEPT";
    /** The default revise token. */
    public static final String DEFAULT_REVISE = "REVISE";

    private static final String[] SEPARATORS = {":", " ", "-", "\u2014", "\n", "\r\n"};
    private static final String[] DIAGNOSIS_LEADERS = {":", "-", "\u2014"};

    private VerifierParser() {
    }

    /** Parses with the default tokens. */
    public static VerifierVerdict parse(String text) {
        return parse(text, DEFAULT_ACCEPT, DEFAULT_REVISE);
    }

    /**
     * Parses a Verifier reply.
     *
     * @param text the reply (null is treated as empty)
     * @param acceptToken the accept (stop) token, null for {@code ACCEPT}; trimmed and upper-cased
     * @param reviseToken the revise token, null for {@code REVISE}; trimmed and upper-cased
     * @return the verdict
     */
    public static VerifierVerdict parse(String text, String acceptToken, String reviseToken) {
        String accept = normalizeToken(acceptToken, DEFAULT_ACCEPT);
        String revise = normalizeToken(reviseToken, DEFAULT_REVISE);
        String raw = text == null ? "" : text.strip();
        String norm = raw.toUpperCase(Locale.ROOT);
        if (startsWithToken(norm, accept)) {
            return new VerifierVerdict(VerifierStatus.ACCEPTED, diagnosisAfter(raw, accept), raw, accept);
        }
        if (startsWithToken(norm, revise)) {
            return new VerifierVerdict(VerifierStatus.REVISED, diagnosisAfter(raw, revise), raw, revise);
        }
        return new VerifierVerdict(VerifierStatus.UNKNOWN, raw.isEmpty() ? null : raw, raw, null);
    }

    /** True when the role name is {@code verifier} or {@code v} (trimmed, any case). */
    public static boolean isVerifierRole(String roleName) {
        if (roleName == null) {
            return false;
        }
        String r = roleName.strip().toLowerCase(Locale.ROOT);
        return r.equals("verifier") || r.equals("v");
    }

    /** True when the role is a Verifier and its reply is accepted with the given accept token. */
    public static boolean accepted(String roleName, String text, String acceptToken) {
        return isVerifierRole(roleName) && parse(text, acceptToken, null).accepted();
    }

    private static String normalizeToken(String token, String fallback) {
        return (token == null ? fallback : token).strip().toUpperCase(Locale.ROOT);
    }

    private static boolean startsWithToken(String norm, String token) {
        if (token.isEmpty()) {
            return false;
        }
        if (norm.equals(token)) {
            return true;
        }
        if (!norm.startsWith(token)) {
            return false;
        }
        String rest = norm.substring(token.length());
        for (String separator : SEPARATORS) {
            if (rest.startsWith(separator)) {
                return true;
            }
        }
        return false;
    }

    private static String diagnosisAfter(String raw, String token) {
        // The reference drops the token's byte length from the raw text.
        byte[] rawBytes = raw.getBytes(StandardCharsets.UTF_8);
        int skip = Math.min(rawBytes.length, token.getBytes(StandardCharsets.UTF_8).length);
        String rest = new String(Arrays.copyOfRange(rawBytes, skip, rawBytes.length), StandardCharsets.UTF_8);
        rest = rest.stripLeading();
        for (String leader : DIAGNOSIS_LEADERS) {
            while (rest.startsWith(leader)) {
                rest = rest.substring(leader.length());
            }
            rest = rest.stripLeading();
        }
        rest = rest.strip();
        return rest.isEmpty() ? null : rest;
    }
}
