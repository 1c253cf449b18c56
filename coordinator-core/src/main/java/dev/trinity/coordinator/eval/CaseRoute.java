package dev.trinity.coordinator.eval;

import dev.trinity.coordinator.route.RouteDecision;

/**
 * What a {@link CaseRouter} computed for one conversation.
 *
 * @param tokenCount the number of input token ids of the transcript
 * @param hiddenIndex the position the routing vector was read at ({@code n - 2}, or 0)
 * @param decision the router head's decision, or null in tokens-only mode (no model weights)
 */
public record CaseRoute(int tokenCount, int hiddenIndex, RouteDecision decision) {

    /** Validates the counts. */
    public CaseRoute {
        if (tokenCount < 0 || hiddenIndex < 0) {
            throw new IllegalArgumentException("tokenCount and hiddenIndex must be >= 0, got " + tokenCount + ", "
                    + hiddenIndex);
        }
    }

    /** A tokens-only result: the count and no decision. */
    public static CaseRoute tokensOnly(int tokenCount) {
        return new CaseRoute(tokenCount, tokenCount >= 2 ? tokenCount - 2 : 0, null);
    }
}
