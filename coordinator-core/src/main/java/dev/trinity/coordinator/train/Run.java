package dev.trinity.coordinator.train;

import static dev.trinity.coordinator.train.VectorLayout.narrow;
import static dev.trinity.coordinator.train.VectorLayout.widen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.eval.PromptEvalCase;
import dev.trinity.coordinator.loop.Router;
import dev.trinity.coordinator.route.HiddenStateExtractor;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.Wording;
import dev.trinity.coordinator.train.TrainingConfig.TrainerKind;
import dev.trinity.coordinator.train.cmaes.SepCmaEs;
import dev.trinity.coordinator.train.store.Checkpoint;
import dev.trinity.coordinator.train.store.NewCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** One execution of a {@link Trainer}: the epoch loop, its optimisers, checkpoints and the resume point. */
final class Run {

    private final Trainer trainer;
    private final TrainingConfig config;
    private final TrainableRouter model;
    private final TrainingData data;
    private final RouterScorer scorer;
    private final JsonlEventLog log;
    private final List<String> evaluatorIds;
    private final int rows;
    private final int hidden;
    private final VectorLayout layout;
    private HiddenStateCache cache;
    private List<float[]> trainStates;
    private List<float[]> scoredStates;

    Run(Trainer trainer, TrainingData data, RouterScorer scorer, JsonlEventLog log, List<String> evaluatorIds) {
        this.trainer = trainer;
        this.config = trainer.config();
        this.model = trainer.model();
        this.data = data;
        this.scorer = scorer;
        this.log = log;
        this.evaluatorIds = evaluatorIds;
        this.rows = model.outputCount();
        this.hidden = model.hiddenSize();
        this.layout = new VectorLayout(model.routerVector(), rows * hidden, config.trainer().trainsSvf());
    }

    void emit(TrainingEvent event) {
        log.onEvent(event);
        trainer.deliver(event);
    }

    TrainingResult execute(TrainingState start) throws IOException {
        long began = System.nanoTime();
        cache = HiddenStateCache.open(trainer.out().resolve("hidden-cache"), model.stateKey(), hidden);
        List<PromptEvalCase> all = data.all();
        List<float[]> states = cache.states(Trainer.conversations(all), model.extractor(), Trainer.EXTRACT_BATCH,
                done -> trainer.progress().accept("hidden states " + done + "/" + all.size()));
        trainStates = states.subList(0, data.train().size());
        scoredStates = data.validation().isEmpty() ? trainStates : states.subList(data.train().size(), states.size());
        TrainingConfig.TrainerSettings t = config.trainer();
        int epochs = config.optimizer().epochs();
        TrainingState state = start;
        if (state == null) {
            EpochMetrics baseline = evaluate(layout.start(), 0, false);
            SepCmaEs.State cma = t.kind() == TrainerKind.SEP_CMA_ES
                    ? cmaes().start(widen(layout.params(layout.start())), t.sigma0()) : null;
            double[] head = t.kind() == TrainerKind.SUPERVISED ? widen(layout.head(layout.start())) : null;
            state = new TrainingState("running", trainer.configSha256(), UUID.randomUUID().toString(), epochs, 0,
                    log.bytes(), 0, baseline, List.of(), 0, null, 0, head,
                    head == null ? null : new double[head.length], head == null ? null : new double[head.length], 0,
                    cma, null);
            save(state);
        }
        double priorSeconds = state.seconds();
        for (int epoch = state.completedEpochs() + 1; epoch <= epochs; epoch++) {
            long epochStart = System.nanoTime();
            float[] vector;
            TrainingState next;
            if (t.kind() == TrainerKind.SUPERVISED) {
                double[] head = state.head().clone();
                double[] m = state.adamM().clone();
                double[] v = state.adamV().clone();
                long step = supervisedEpoch(epoch, head, m, v, state.adamStep(), state);
                vector = layout.withHead(narrow(head));
                next = withOptimizer(state, head, m, v, step, null);
            } else {
                SepCmaEs.State cma = cmaEpoch(epoch, state);
                vector = layout.fromParams(narrow(cma.mean()));
                next = withOptimizer(state, null, null, null, 0, cma);
            }
            EpochMetrics metrics = evaluate(vector, epoch, true);
            checkFinite(metrics.loss(), "validation loss", epoch, state);
            boolean runBest = state.bestEpoch() == 0 || metrics.score() > bestScore(state);
            boolean scheduled = epoch % config.optimizer().checkpointInterval() == 0 || epoch == epochs;
            String checkpointId = null;
            boolean workflowBest = false;
            int version = 0;
            if (runBest || scheduled) {
                Checkpoint written = trainer.store().record(new NewCheckpoint(Trainer.checkpointId(state.runId(), epoch),
                        config.workflowId(), null, RunOutputs.runnableConfig(config, model, vector),
                        metrics.toJson(), metadata(epoch, metrics), null));
                emit(new TrainingEvent.CheckpointWritten(written));
                checkpointId = written.id();
                workflowBest = written.isBest();
                version = written.configVersion();
            }
            emit(new TrainingEvent.EpochComplete(epoch, metrics));
            List<EpochRecord> history = new ArrayList<>(state.history());
            history.add(new EpochRecord(epoch, metrics, checkpointId, workflowBest,
                    (System.nanoTime() - epochStart) / 1e9));
            warnings(epoch, history);
            double seconds = priorSeconds + (System.nanoTime() - began) / 1e9;
            state = new TrainingState("running", next.configSha256(), next.runId(), epochs, epoch, log.bytes(), seconds,
                    next.baseline(), history, runBest ? epoch : next.bestEpoch(), runBest ? vector : next.bestVector(),
                    runBest ? version : next.bestConfigVersion(), next.head(), next.adamM(), next.adamV(),
                    next.adamStep(), next.cma(), null);
            save(state);
            if (trainer.stopRequested() && epoch < epochs) {
                save(state.withStatus("stopped", "stopped after epoch " + epoch));
                throw new TrainingException(Wording.of("stopped after epoch " + epoch + " of " + epochs + "; the "
                        + "store and " + trainer.out() + " are consistent: continue with ", Setting.RESUME), null);
            }
        }
        TrainingResult result = RunOutputs.finish(trainer.out(), state, config, data, model);
        emit(new TrainingEvent.Result(result));
        save(state.withStatus("finished", null).withLogBytes(log.bytes()));
        return result;
    }

    // ---- supervised: Adam over shuffled minibatches of cached hidden states

    private long supervisedEpoch(int epoch, double[] head, double[] m, double[] v, long step, TrainingState state) {
        List<PromptEvalCase> cases = data.train();
        int n = cases.size();
        int[] order = TrainingData.shuffled(n, new SplittableRandom(mix(config.seed(), epoch, 0x5EB)));
        int batch = Math.min(config.trainer().batchSize(), n);
        int agents = rows - 3;
        double[] grad = new double[head.length];
        for (int startIndex = 0; startIndex < n; startIndex += batch) {
            checkStop();
            int end = Math.min(n, startIndex + batch);
            Arrays.fill(grad, 0);
            double loss = 0;
            double scale = 1.0 / (end - startIndex);
            for (int k = startIndex; k < end; k++) {
                PromptEvalCase c = cases.get(order[k]);
                loss += HeadMath.lossAndGradient(head, rows, agents, trainStates.get(order[k]), c.expectedAgentId(),
                        c.expectedRoleId(), scale, grad);
            }
            checkFinite(loss * scale, "training loss (batch " + (startIndex / batch + 1) + ")", epoch, state);
            step++;
            Adam.step(head, grad, m, v, step, config.trainer().learningRate(), config.trainer().weightDecay());
            for (double p : head) {
                if (!Double.isFinite(p)) {
                    checkFinite(p, "head weights", epoch, state);
                }
            }
        }
        return step;
    }

    // ---- sep-CMA-ES: generations_per_epoch generations over the head or the whole vector

    private SepCmaEs cmaes() {
        return SepCmaEs.of(layout.paramCount(), config.trainer().population(), config.seed());
    }

    private SepCmaEs.State cmaEpoch(int epoch, TrainingState state) {
        SepCmaEs es = cmaes();
        SepCmaEs.State cma = state.cma();
        for (int g = 0; g < config.optimizer().generationsPerEpoch(); g++) {
            double[][] candidates = es.ask(cma);
            double[] fitness = fitness(candidates, epoch, state);
            cma = es.tell(cma, candidates, fitness);
        }
        return cma;
    }

    /** Ranks (0 best) by mean reward on the training cases, ties broken by the cross-entropy loss. */
    private double[] fitness(double[][] candidates, int epoch, TrainingState state) {
        double[][] scoreAndLoss = new double[candidates.length][];
        if (scorer.pure() && !config.trainer().trainsSvf()) {
            int threads = config.optimizer().effectiveConcurrency();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<double[]>> futures = new ArrayList<>();
                for (double[] candidate : candidates) {
                    futures.add(pool.submit(() -> {
                        if (trainer.stopRequested()) {
                            return null;
                        }
                        RouterScorer.Scored s = scorer.score(narrow(candidate), data.train(), trainStates, null,
                                false);
                        return new double[] {s.score(), s.loss()};
                    }));
                }
                for (int k = 0; k < candidates.length; k++) {
                    scoreAndLoss[k] = futures.get(k).get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrainingException("interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        } else {
            for (int k = 0; k < candidates.length; k++) {
                checkStop();
                scoreAndLoss[k] = scoreCandidate(layout.fromParams(narrow(candidates[k])));
            }
        }
        checkStop();
        for (int k = 0; k < candidates.length; k++) {
            checkFinite(scoreAndLoss[k][0], "fitness of candidate " + k, epoch, state);
            checkFinite(scoreAndLoss[k][1], "loss of candidate " + k, epoch, state);
        }
        Integer[] order = new Integer[candidates.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> {
            int byScore = Double.compare(scoreAndLoss[b][0], scoreAndLoss[a][0]);
            return byScore != 0 ? byScore : Double.compare(scoreAndLoss[a][1], scoreAndLoss[b][1]);
        });
        double[] rank = new double[candidates.length];
        for (int r = 0; r < order.length; r++) {
            rank[order[r]] = r;
        }
        return rank;
    }

    /** One candidate router vector on the training cases: {score, loss}. */
    private double[] scoreCandidate(float[] vector) {
        float[] head = layout.head(vector);
        if (layout.keepsOffsets(vector)) {
            RouterScorer.Scored s = scorer.score(head, data.train(), trainStates,
                    scorer.pure() ? null : Trainer.loopRouter(cache.caching(model.extractor()), head, rows));
            return new double[] {s.score(), s.loss()};
        }
        try (HiddenStateExtractor adapted = model.adapted(layout.offsets(vector))) {
            List<float[]> states = extract(adapted, data.train());
            RouterScorer.Scored s = scorer.score(head, data.train(), states,
                    scorer.pure() ? null : Trainer.loopRouter(adapted, head, rows));
            return new double[] {s.score(), s.loss()};
        } catch (IOException e) {
            throw new UncheckedIOException("adapting the model for a candidate: " + e.getMessage(), e);
        }
    }

    // ---- evaluation of an epoch's router

    /** Scores a router vector: training cases (progress events when asked), then the validation metrics. */
    private EpochMetrics evaluate(float[] vector, int epoch, boolean events) throws IOException {
        float[] head = layout.head(vector);
        if (layout.keepsOffsets(vector)) {
            Router router = scorer.pure() ? null : Trainer.loopRouter(cache.caching(model.extractor()), head, rows);
            return evaluateWith(head, trainStates, scoredStates, router, epoch, events);
        }
        try (HiddenStateExtractor adapted = model.adapted(layout.offsets(vector))) {
            List<float[]> train = extract(adapted, data.train());
            List<float[]> scored = data.validation().isEmpty() ? train : extract(adapted, data.validation());
            Router router = scorer.pure() ? null : Trainer.loopRouter(adapted, head, rows);
            return evaluateWith(head, train, scored, router, epoch, events);
        }
    }

    private EpochMetrics evaluateWith(float[] head, List<float[]> train, List<float[]> scored, Router router,
                                      int epoch, boolean events) {
        RouterScorer.Scored onTrain = scorer.score(head, data.train(), train, router);
        if (events) {
            for (int i = 0; i < onTrain.cases().size(); i++) {
                RouterScorer.CaseOutcome o = onTrain.cases().get(i);
                emit(new TrainingEvent.Progress(i, data.train().get(i).id(), epoch, o.evaluations(), o.error(),
                        o.durationMs()));
            }
        }
        RouterScorer.Scored onScored = data.validation().isEmpty() ? onTrain
                : scorer.score(head, data.validation(), scored, router);
        return scorer.metrics(onScored, data.scored(), onTrain.score());
    }

    private List<float[]> extract(HiddenStateExtractor extractor, List<PromptEvalCase> cases) {
        List<float[]> out = new ArrayList<>(cases.size());
        List<List<dev.trinity.coordinator.conversation.Message>> conversations = Trainer.conversations(cases);
        for (int start = 0; start < cases.size(); start += Trainer.EXTRACT_BATCH) {
            extractor.extractAll(conversations.subList(start, Math.min(cases.size(), start + Trainer.EXTRACT_BATCH)))
                    .forEach(h -> out.add(h.vector()));
        }
        return out;
    }

    // ---- guardrails

    private void checkStop() {
        if (trainer.stopRequested()) {
            throw new TrainingException(Wording.of("stopped during an epoch; the store and " + trainer.out() + " hold "
                    + "the last finished epoch: continue with ", Setting.RESUME), null);
        }
    }

    private void checkFinite(double value, String what, int epoch, TrainingState state) {
        if (Double.isFinite(value)) {
            return;
        }
        String kept = state.bestEpoch() == 0 ? "no checkpoint was written yet"
                : "the last good checkpoint is epoch " + state.bestEpoch() + "'s (config_version "
                        + state.bestConfigVersion() + ")";
        String hint = config.trainer().kind() == TrainerKind.SUPERVISED
                ? "; lower trainer.learning_rate (now " + config.trainer().learningRate() + ")"
                : "; check the evaluators (a score must be a finite number) and trainer.sigma0";
        String message = what + " became " + value + " in epoch " + epoch + ": stopped, " + kept + hint;
        try {
            save(state.withStatus("failed", message));
        } catch (IOException e) {
            message += " (and the state could not be saved: " + e.getMessage() + ")";
        }
        throw new TrainingException(message);
    }

    private void warnings(int epoch, List<EpochRecord> history) {
        RunWarnings.after(epoch, history).forEach(this::emit);
    }

    // ---- state and vectors

    private void save(TrainingState state) throws IOException {
        state.write(trainer.out());
    }

    private static double bestScore(TrainingState state) {
        return state.bestRecord().map(r -> r.metrics().score()).orElse(Double.NEGATIVE_INFINITY);
    }

    private ObjectNode metadata(int epoch, EpochMetrics metrics) {
        ObjectNode node = TrainingEvent.Json.MAPPER.createObjectNode();
        node.put("epoch", epoch);
        node.set("summary", metrics.summary());
        node.put("trainer", config.trainer().kind().wireName());
        node.put("params", config.trainer().params());
        node.put("seed", config.seed());
        node.put("dataset_sha256", data.sha256());
        return node;
    }

    private static TrainingState withOptimizer(TrainingState s, double[] head, double[] m, double[] v, long step,
                                               SepCmaEs.State cma) {
        return new TrainingState(s.status(), s.configSha256(), s.runId(), s.epochs(), s.completedEpochs(),
                s.logBytes(), s.seconds(), s.baseline(), s.history(), s.bestEpoch(), s.bestVector(),
                s.bestConfigVersion(), head, m, v, step, cma, s.message());
    }

    private static long mix(long seed, long a, long b) {
        return seed * 0x9E3779B97F4A7C15L ^ a * 0xC2B2AE3D27D4EB4FL ^ b * 0x165667B19E3779F9L;
    }
}
