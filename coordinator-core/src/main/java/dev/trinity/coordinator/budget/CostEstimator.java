package dev.trinity.coordinator.budget;

/**
 * Estimates the cost in USD of one dispatch; the coordinator ships no pricing table.
 *
 * <p>Called once per successful dispatch, only when {@code max_estimated_cost_usd} is set. Negative or non-finite
 * results are ignored.
 */
@FunctionalInterface
public interface CostEstimator {

    /**
     * The estimated cost of a dispatch.
     *
     * @param dispatch the dispatch
     * @return USD
     */
    double estimateUsd(DispatchInfo dispatch);
}
