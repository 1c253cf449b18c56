package dev.trinity.coordinator.train;

/**
 * What an evaluator says about one case: a reward in [0, 1], whether it passed, and why.
 *
 * @param score the reward, 0-1 (the trainer maximises the mean)
 * @param passed whether the case passed
 * @param reason a short reason, may be empty
 */
public record Evaluation(double score, boolean passed, String reason) {

    /** Defaults the reason to empty. */
    public Evaluation {
        reason = reason == null ? "" : reason;
    }

    /** A failed case with a reason and score 0. */
    public static Evaluation failed(String reason) {
        return new Evaluation(0.0, false, reason);
    }
}
