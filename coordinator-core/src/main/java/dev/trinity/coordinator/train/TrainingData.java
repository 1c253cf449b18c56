package dev.trinity.coordinator.train;

import dev.trinity.coordinator.eval.PromptEvalCase;
import dev.trinity.coordinator.eval.PromptEvalCases;
import dev.trinity.coordinator.hash.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A run's cases: the dataset (a prompt-eval case file, or inline cases) split into training and validation.
 *
 * @param train the training cases, in file order
 * @param validation the validation cases, in file order (may be empty: metrics then use the training cases)
 * @param sha256 the dataset's hash (of the file's bytes, or of the inline JSON; plus the validation file's)
 */
public record TrainingData(List<PromptEvalCase> train, List<PromptEvalCase> validation, String sha256) {

    /** Copies. */
    public TrainingData {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    /** The cases the metrics are computed on: validation, or training when there is no validation set. */
    public List<PromptEvalCase> scored() {
        return validation.isEmpty() ? train : validation;
    }

    /** Every case, training then validation. */
    public List<PromptEvalCase> all() {
        List<PromptEvalCase> all = new ArrayList<>(train);
        all.addAll(validation);
        return all;
    }

    /**
     * Reads and splits the dataset of a config: {@code validation.path} when given, else a seeded
     * {@code validation.fraction} of the cases (at least one when the fraction is positive and there are two cases).
     *
     * @throws TrainingException one line naming the file and what is wrong
     */
    public static TrainingData load(TrainingConfig config) {
        try {
            PromptEvalCases cases;
            String hash;
            if (config.datasetPath() != null) {
                cases = PromptEvalCases.read(config.datasetPath());
                hash = Sha256.of(Files.readAllBytes(config.datasetPath()));
            } else {
                cases = PromptEvalCases.parse(null, config.inlineDataset());
                hash = Sha256.of(config.inlineDataset().toString().getBytes(StandardCharsets.UTF_8));
            }
            if (config.validationPath() != null) {
                PromptEvalCases validation = PromptEvalCases.read(config.validationPath());
                hash = Sha256.of((hash + Sha256.of(Files.readAllBytes(config.validationPath())))
                        .getBytes(StandardCharsets.UTF_8));
                return new TrainingData(cases.cases(), validation.cases(), hash);
            }
            return split(cases.cases(), config.validationFraction(), config.seed(), hash);
        } catch (IOException | IllegalArgumentException e) {
            throw new TrainingException("pre-flight: dataset: " + e.getMessage(), e);
        }
    }

    /** A seeded split: the same seed and cases give the same sets. */
    static TrainingData split(List<PromptEvalCase> cases, double fraction, long seed, String hash) {
        int n = cases.size();
        int held = fraction <= 0 || n < 2 ? 0 : Math.max(1, Math.min(n - 1, (int) Math.round(fraction * n)));
        int[] order = shuffled(n, new SplittableRandom(seed ^ 0x5EEDL));
        boolean[] validation = new boolean[n];
        for (int i = 0; i < held; i++) {
            validation[order[i]] = true;
        }
        List<PromptEvalCase> train = new ArrayList<>();
        List<PromptEvalCase> val = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (validation[i] ? val : train).add(cases.get(i));
        }
        return new TrainingData(train, val, hash);
    }

    /** A Fisher-Yates permutation of {@code 0..n-1}. */
    static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
