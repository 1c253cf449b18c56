package dev.trinity.coordinator.train;

import dev.trinity.coordinator.eval.PromptEvalCase;
import dev.trinity.coordinator.loop.Router;
import dev.trinity.coordinator.route.RouteDecision;
import dev.trinity.coordinator.route.RouterHead;
import dev.trinity.coordinator.route.RoutingOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a router head on cases: argmax routes from the cached hidden states, every evaluator on every case, and
 * the metrics. When every evaluator is {@code expected-route} the scores are computed inline (pure and fast);
 * otherwise cases are evaluated in parallel (up to the effective concurrency), each under the case timeout.
 */
final class RouterScorer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouterScorer.class);

    private final Map<String, Evaluator> evaluators;
    private final int rows;
    private final int agents;
    private final int timeoutSeconds;
    private final int concurrency;
    private final ExpectedRouteEvaluator inline;
    private final ExecutorService pool;

    /** One case's outcome. */
    record CaseOutcome(Map<String, Evaluation> evaluations, String error, double durationMs, int agent, int role,
                       double loss) {
    }

    /** A head's outcomes on a list of cases. */
    record Scored(List<CaseOutcome> cases, double score, double loss) {
    }

    RouterScorer(Map<String, Evaluator> evaluators, int rows, int timeoutSeconds, int concurrency) {
        this.evaluators = evaluators;
        this.rows = rows;
        this.agents = rows - RouterHead.NUM_ROLES;
        this.timeoutSeconds = timeoutSeconds;
        this.concurrency = concurrency;
        boolean allExpected = evaluators.size() == 1
                && evaluators.values().iterator().next() instanceof ExpectedRouteEvaluator;
        this.inline = allExpected ? (ExpectedRouteEvaluator) evaluators.values().iterator().next() : null;
        this.pool = inline != null ? null : Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "train-eval");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Whether scoring is pure (no evaluator runs the loop), so candidates can be scored in parallel. */
    boolean pure() {
        return inline != null;
    }

    /**
     * Scores a head.
     *
     * @param head the head, row-major float
     * @param cases the cases
     * @param hidden their hidden states
     * @param router the candidate as a loop router (for evaluators that run the loop), or null when {@link #pure()}
     */
    Scored score(float[] head, List<PromptEvalCase> cases, List<float[]> hidden, Router router) {
        return score(head, cases, hidden, router, true);
    }

    /**
     * Scores a head; {@code exact == false} computes the logits with {@link HeadMath#fastLogits} (candidate
     * ranking only: the epoch's router is always scored exactly as routing computes it).
     */
    Scored score(float[] head, List<PromptEvalCase> cases, List<float[]> hidden, Router router, boolean exact) {
        List<CaseOutcome> out = new ArrayList<>(cases.size());
        float[] logits = new float[rows];
        int[] agent = new int[cases.size()];
        int[] role = new int[cases.size()];
        double[] loss = new double[cases.size()];
        List<float[]> allLogits = new ArrayList<>(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            if (exact) {
                HeadMath.logits(head, rows, hidden.get(i), logits);
            } else {
                HeadMath.fastLogits(head, rows, hidden.get(i), logits);
            }
            agent[i] = HeadMath.argmax(logits, 0, agents);
            role[i] = HeadMath.argmax(logits, agents, rows);
            PromptEvalCase c = cases.get(i);
            loss[i] = HeadMath.loss(logits, agents, c.expectedAgentId(), c.expectedRoleId());
            allLogits.add(inline != null ? null : logits.clone());
        }
        if (inline != null) {
            String id = evaluators.keySet().iterator().next();
            for (int i = 0; i < cases.size(); i++) {
                Evaluation e = inline.score(cases.get(i), agent[i], role[i]);
                out.add(new CaseOutcome(Map.of(id, e), null, 0, agent[i], role[i], loss[i]));
            }
        } else {
            for (int start = 0; start < cases.size(); start += concurrency) {
                int end = Math.min(cases.size(), start + concurrency);
                List<Future<Map<String, Evaluation>>> wave = new ArrayList<>();
                long[] began = new long[end - start];
                for (int i = start; i < end; i++) {
                    PromptEvalCase c = cases.get(i);
                    RouteDecision decision = RouterHead.decide(allLogits.get(i), agents, RoutingOptions.defaults());
                    began[i - start] = System.nanoTime();
                    wave.add(pool.submit(() -> evaluateAll(new EvaluationContext(c, decision, router))));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
                for (int i = start; i < end; i++) {
                    Future<Map<String, Evaluation>> future = wave.get(i - start);
                    String error = null;
                    Map<String, Evaluation> evaluations;
                    try {
                        evaluations = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (TimeoutException e) {
                        future.cancel(true);
                        error = "timed out after " + timeoutSeconds + " s (optimizer.case_timeout_seconds)";
                        evaluations = zeros(error);
                    } catch (ExecutionException e) {
                        error = String.valueOf(e.getCause());
                        evaluations = zeros(error);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new TrainingException("interrupted while evaluating cases", e);
                    }
                    double ms = (System.nanoTime() - began[i - start]) / 1e6;
                    out.add(new CaseOutcome(evaluations, error, ms, agent[i], role[i], loss[i]));
                }
            }
        }
        double lossSum = 0;
        for (double l : loss) {
            lossSum += l;
        }
        return new Scored(out, meanScore(out), cases.isEmpty() ? 0 : lossSum / cases.size());
    }

    private Map<String, Evaluation> evaluateAll(EvaluationContext context) {
        Map<String, Evaluation> results = new LinkedHashMap<>();
        evaluators.forEach((id, evaluator) -> {
            Evaluation e;
            try {
                e = evaluator.evaluate(context);
                if (e == null) {
                    e = Evaluation.failed("the evaluator returned nothing");
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                e = Evaluation.failed("interrupted");
            } catch (Exception ex) {
                LOG.debug("evaluator {} failed on case {}", id, context.trainingCase().id(), ex);
                e = Evaluation.failed(String.valueOf(ex));
            }
            results.put(id, e);
        });
        return results;
    }

    private Map<String, Evaluation> zeros(String error) {
        Map<String, Evaluation> results = new LinkedHashMap<>();
        evaluators.keySet().forEach(id -> results.put(id, Evaluation.failed(error)));
        return results;
    }

    /** The unweighted mean over evaluators of each evaluator's mean score. */
    private double meanScore(List<CaseOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return 0;
        }
        double total = 0;
        for (double mean : perEvaluator(outcomes).values()) {
            total += mean;
        }
        return total / evaluators.size();
    }

    /** Each evaluator's mean score over the cases (0 without cases). */
    private Map<String, Double> perEvaluator(List<CaseOutcome> outcomes) {
        Map<String, Double> per = new LinkedHashMap<>();
        int n = Math.max(1, outcomes.size());
        for (String id : evaluators.keySet()) {
            double sum = 0;
            for (CaseOutcome o : outcomes) {
                sum += o.evaluations().get(id).score();
            }
            per.put(id, sum / n);
        }
        return per;
    }

    /** The metrics of scored cases. */
    EpochMetrics metrics(Scored scored, List<PromptEvalCase> cases, double trainScore) {
        Map<String, Double> per = perEvaluator(scored.cases());
        int n = Math.max(1, cases.size());
        int agentRight = 0;
        int roleRight = 0;
        int both = 0;
        for (int i = 0; i < cases.size(); i++) {
            boolean a = scored.cases().get(i).agent() == cases.get(i).expectedAgentId();
            boolean r = scored.cases().get(i).role() == cases.get(i).expectedRoleId();
            agentRight += a ? 1 : 0;
            roleRight += r ? 1 : 0;
            both += a && r ? 1 : 0;
        }
        return new EpochMetrics(per, scored.score(), scored.loss(), (double) agentRight / n, (double) roleRight / n,
                (double) both / n, trainScore, cases.size());
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
