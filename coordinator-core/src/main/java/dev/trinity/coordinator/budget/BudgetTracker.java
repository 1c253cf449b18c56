package dev.trinity.coordinator.budget;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The budget counters of one run and the checks at each {@link Checkpoint}; not shared between runs.
 *
 * <p>Cost is accumulated in integer micro-USD, as in the reference, so that repeated additions are exact.
 */
public final class BudgetTracker {

    /** The warning given once per run when a cost budget is set without an estimator. */
    public static final String COST_WARNING = "max_estimated_cost_usd was set but no cost_estimator_fn "
            + "(CostEstimator) was given, so the cost budget will never fire; give the pool's slots prices "
            + "(price_usd_per_million_tokens, priced by PoolCostEstimator) or pass a CostEstimator with your "
            + "current vendor pricing (see docs/loop.md, Budgets)";

    private final Budgets budgets;
    private final CostEstimator costEstimator;
    private final LongSupplier nanoTime;
    private final Consumer<String> warnings;
    private final long startNanos;
    private long providerCalls;
    private long verifierRevisions;
    private long costMicroUsd;
    private boolean costWarningGiven;
    private boolean unknownCostWarningGiven;

    /**
     * Starts the clock of a run.
     *
     * @param budgets the limits
     * @param costEstimator the estimator, or null
     * @param nanoTime a monotonic clock in nanoseconds
     * @param warnings receives the one-time cost warning
     */
    public BudgetTracker(Budgets budgets, CostEstimator costEstimator, LongSupplier nanoTime,
                         Consumer<String> warnings) {
        this.budgets = Objects.requireNonNull(budgets, "budgets");
        this.costEstimator = costEstimator;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
        this.startNanos = nanoTime.getAsLong();
    }

    /** Milliseconds since the run started. */
    public long elapsedMs() {
        return Math.max(0, (nanoTime.getAsLong() - startNanos) / 1_000_000);
    }

    /** The HTTP attempts counted so far. */
    public long providerCalls() {
        return providerCalls;
    }

    /** The rejecting Verifier turns counted so far. */
    public long verifierRevisions() {
        return verifierRevisions;
    }

    /** The cumulative estimated cost in USD. */
    public double estimatedCostUsd() {
        return costMicroUsd / 1e6;
    }

    /** Checkpoint {@code turn_start}: wall time. */
    public Optional<BudgetExceeded> atTurnStart(int turn) {
        return wallTime(Checkpoint.TURN_START, turn);
    }

    /** Checkpoint {@code before_dispatch}: counts one HTTP attempt, then checks wall time and provider calls. */
    public Optional<BudgetExceeded> beforeDispatch(int turn) {
        providerCalls++;
        Optional<BudgetExceeded> wall = wallTime(Checkpoint.BEFORE_DISPATCH, turn);
        if (wall.isPresent()) {
            return wall;
        }
        Long limit = budgets.maxProviderCalls();
        if (limit != null && providerCalls > limit) {
            return Optional.of(exceeded(BudgetKind.PROVIDER_CALLS, Checkpoint.BEFORE_DISPATCH, turn,
                    "limit", limit, "observed", providerCalls));
        }
        return Optional.empty();
    }

    /**
     * Checkpoint {@code after_dispatch}: the latency of this dispatch, then its cost (added first).
     *
     * @param turn the turn
     * @param dispatch the successful dispatch
     * @return the budget that fired, if any
     */
    public Optional<BudgetExceeded> afterDispatch(int turn, DispatchInfo dispatch) {
        Long latencyLimit = budgets.maxProviderLatencyMs();
        if (latencyLimit != null && dispatch.latencyMs() > latencyLimit) {
            return Optional.of(exceeded(BudgetKind.PROVIDER_LATENCY, Checkpoint.AFTER_DISPATCH, turn,
                    "limit_ms", latencyLimit, "observed_ms", dispatch.latencyMs()));
        }
        Double costLimit = budgets.maxEstimatedCostUsd();
        if (costLimit == null) {
            return Optional.empty();
        }
        if (costEstimator == null) {
            if (!costWarningGiven) {
                costWarningGiven = true;
                warnings.accept(COST_WARNING);
            }
            return Optional.empty();
        }
        double usd = costEstimator.estimateUsd(dispatch);
        if (Double.isFinite(usd) && usd >= 0) {
            costMicroUsd += Math.round(usd * 1e6);
        } else if (!unknownCostWarningGiven) {
            unknownCostWarningGiven = true;
            warnings.accept("the cost of a dispatch to slot " + dispatch.agentId() + " (" + dispatch.provider().wireName() + " "
                    + dispatch.model() + ") is unknown (the provider reported no token usage), so the cost budget "
                    + "did not count it");
        }
        if (estimatedCostUsd() >= costLimit) {
            return Optional.of(exceeded(BudgetKind.ESTIMATED_COST, Checkpoint.AFTER_DISPATCH, turn,
                    "limit_usd", costLimit, "observed_usd", estimatedCostUsd()));
        }
        return Optional.empty();
    }

    /** Checkpoint {@code after_verifier_revision}: counts one rejecting Verifier turn, then checks the limit. */
    public Optional<BudgetExceeded> afterVerifierRevision(int turn) {
        verifierRevisions++;
        Long limit = budgets.maxVerifierRevisions();
        if (limit != null && verifierRevisions > limit) {
            return Optional.of(exceeded(BudgetKind.VERIFIER_REVISIONS, Checkpoint.AFTER_VERIFIER_REVISION, turn,
                    "limit", limit, "observed", verifierRevisions));
        }
        return Optional.empty();
    }

    private Optional<BudgetExceeded> wallTime(Checkpoint checkpoint, int turn) {
        Long limit = budgets.maxWallTimeMs();
        if (limit == null) {
            return Optional.empty();
        }
        long elapsed = elapsedMs();
        if (elapsed >= limit) {
            return Optional.of(exceeded(BudgetKind.WALL_TIME, checkpoint, turn, "limit_ms", limit,
                    "elapsed_ms", elapsed));
        }
        return Optional.empty();
    }

    private static BudgetExceeded exceeded(BudgetKind kind, Checkpoint checkpoint, int turn, String limitKey,
                                           Object limit, String observedKey, Object observed) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(limitKey, limit);
        details.put(observedKey, observed);
        details.put("checkpoint", checkpoint.wireName());
        details.put("turn", turn);
        return new BudgetExceeded(kind, details);
    }
}
