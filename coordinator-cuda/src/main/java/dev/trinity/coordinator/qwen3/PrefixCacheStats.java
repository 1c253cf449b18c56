package dev.trinity.coordinator.qwen3;

/**
 * A snapshot of a model's prefix cache.
 *
 * @param capacityBytes the memory budget
 * @param usedBytes memory held by entries now
 * @param entries cached prefixes now
 * @param tokens tokens covered by those entries
 * @param lookups forwards that looked for a prefix
 * @param hits lookups that reused at least one token
 * @param reusedTokens tokens taken from the cache instead of being computed
 * @param computedTokens tokens computed by forwards that looked
 * @param evictions entries evicted to make room
 */
public record PrefixCacheStats(long capacityBytes, long usedBytes, int entries, long tokens, long lookups, long hits,
                               long reusedTokens, long computedTokens, long evictions) {

    /** The stats of a model without a prefix cache. */
    public static final PrefixCacheStats DISABLED = new PrefixCacheStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Whether the model has a prefix cache. */
    public boolean enabled() {
        return capacityBytes > 0;
    }
}
