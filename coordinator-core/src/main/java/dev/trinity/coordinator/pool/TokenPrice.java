package dev.trinity.coordinator.pool;

/**
 * What a slot's model costs, in USD per million tokens, as the vendor's price list says; in pool files
 * {@code "price_usd_per_million_tokens": {"input": X, "output": Y}}.
 *
 * @param inputUsdPerMillion the price of a million prompt tokens, &ge; 0
 * @param outputUsdPerMillion the price of a million completion tokens, &ge; 0
 */
public record TokenPrice(double inputUsdPerMillion, double outputUsdPerMillion) {

    /** Rejects negative or non-finite prices, naming the field. */
    public TokenPrice {
        if (!Double.isFinite(inputUsdPerMillion) || inputUsdPerMillion < 0) {
            throw new IllegalArgumentException("price input must be a finite number >= 0 (USD per million tokens), got "
                    + inputUsdPerMillion);
        }
        if (!Double.isFinite(outputUsdPerMillion) || outputUsdPerMillion < 0) {
            throw new IllegalArgumentException("price output must be a finite number >= 0 (USD per million tokens), "
                    + "got " + outputUsdPerMillion);
        }
    }

    /**
     * The cost of one call.
     *
     * @param inputTokens prompt tokens
     * @param outputTokens completion tokens
     * @return USD
     */
    public double costUsd(long inputTokens, long outputTokens) {
        return (inputTokens * inputUsdPerMillion + outputTokens * outputUsdPerMillion) / 1e6;
    }
}
