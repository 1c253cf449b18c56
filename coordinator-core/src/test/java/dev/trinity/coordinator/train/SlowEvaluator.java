package dev.trinity.coordinator.train;

import com.fasterxml.jackson.databind.JsonNode;

/** A user evaluator for tests: sleeps {@code sleep_ms} on cases tagged "slow", else passes; or returns NaN. */
public final class SlowEvaluator implements Evaluator {

    private final long sleepMs;
    private final boolean nan;

    /** From its config. */
    public SlowEvaluator(JsonNode config) {
        this.sleepMs = config.path("sleep_ms").asLong(0);
        this.nan = config.path("nan").asBoolean(false);
    }

    @Override
    public Evaluation evaluate(EvaluationContext context) throws InterruptedException {
        if (context.trainingCase().tags().contains("slow")) {
            Thread.sleep(sleepMs);
        }
        return new Evaluation(nan ? Double.NaN : 1.0, true, "ok");
    }
}
