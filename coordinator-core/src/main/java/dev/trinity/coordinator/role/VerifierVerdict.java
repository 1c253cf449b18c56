package dev.trinity.coordinator.role;

import java.util.Objects;

/**
 * A parsed Verifier reply.
 *
 * @param status accepted, revised or unknown
 * @param diagnosis the text after the leading token (separators stripped), or the whole reply when no token leads;
 *     null when blank
 * @param raw the trimmed reply
 * @param token the normalized token that matched, or null
 */
public record VerifierVerdict(VerifierStatus status, String diagnosis, String raw, String token) {

    /** Validates the status and raw text. */
    public VerifierVerdict {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(raw, "raw");
    }

    /** True when the safe status is accepted. */
    public boolean accepted() {
        return status.safe() == VerifierStatus.ACCEPTED;
    }

    /**
     * The synthetic verdict of a non-Verifier turn: revised, with no token and no diagnosis.
     *
     * @param response the reply
     * @return the verdict
     */
    public static VerifierVerdict notAVerifier(String response) {
        return new VerifierVerdict(VerifierStatus.REVISED, null, response, null);
    }
}
