package dev.trinity.coordinator.cli.train;

import dev.trinity.coordinator.train.Evaluation;
import dev.trinity.coordinator.train.EvaluationContext;
import dev.trinity.coordinator.train.Evaluator;

/** A user evaluator for tests: passes every case after 40 ms, so an epoch lasts long enough to kill it. */
public final class SleepyEvaluator implements Evaluator {

    @Override
    public Evaluation evaluate(EvaluationContext context) throws InterruptedException {
        Thread.sleep(40);
        return new Evaluation(1.0, true, "slept");
    }
}
