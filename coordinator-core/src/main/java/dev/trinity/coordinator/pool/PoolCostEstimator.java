package dev.trinity.coordinator.pool;

import dev.trinity.coordinator.budget.CostEstimator;
import dev.trinity.coordinator.budget.DispatchInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices each dispatch from the pool's {@link TokenPrice}s and the token usage the provider reported:
 * {@code (input tokens × input price + output tokens × output price) / 10^6}.
 *
 * <p>A dispatch whose provider reported no usage has an unknown cost: {@link #estimateUsd} returns NaN, which the
 * budget tracker reports as a warning instead of counting zero.
 */
public final class PoolCostEstimator implements CostEstimator {

    private final ProviderPool pool;

    private PoolCostEstimator(ProviderPool pool) {
        this.pool = pool;
    }

    /**
     * The estimator of a pool whose every slot has a price.
     *
     * @param pool the pool
     * @return the estimator
     * @throws IllegalArgumentException naming the pool and the slots without a price
     */
    public static PoolCostEstimator of(ProviderPool pool) {
        Objects.requireNonNull(pool, "pool");
        List<Integer> unpriced = pool.slots().stream().filter(s -> s.price() == null).map(SlotSpec::id).toList();
        if (!unpriced.isEmpty()) {
            throw new IllegalArgumentException("pool " + pool.name() + " has no price_usd_per_million_tokens for "
                    + (unpriced.size() == pool.size() ? "any slot" : "slot(s) " + unpriced));
        }
        return new PoolCostEstimator(pool);
    }

    /**
     * The estimator of a pool when every slot has a price.
     *
     * @param pool the pool
     * @return the estimator, or empty when a slot has no price
     */
    public static Optional<PoolCostEstimator> ifPriced(ProviderPool pool) {
        return pool.slots().stream().allMatch(s -> s.price() != null) ? Optional.of(new PoolCostEstimator(pool))
                : Optional.empty();
    }

    @Override
    public double estimateUsd(DispatchInfo dispatch) {
        TokenPrice price = pool.slot(dispatch.agentId()).map(SlotSpec::price).orElse(null);
        if (price == null || dispatch.inputTokens() == null || dispatch.outputTokens() == null) {
            return Double.NaN;
        }
        return price.costUsd(dispatch.inputTokens(), dispatch.outputTokens());
    }

    @Override
    public String toString() {
        return "PoolCostEstimator[" + pool.name() + "]";
    }
}
