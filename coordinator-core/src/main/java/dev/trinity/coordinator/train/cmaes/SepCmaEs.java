package dev.trinity.coordinator.train.cmaes;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Separable CMA-ES (Ros &amp; Hansen, "A Simple Modification in CMA-ES Achieving Linear Time and Space Complexity",
 * PPSN 2008): CMA-ES with a diagonal covariance, so a generation costs O(λ n) time and the state O(n) memory, even
 * for the 19,456 values of a Qwen3-0.6B router vector. Minimises.
 *
 * <p>Ask and tell: {@link #ask(State)} samples a generation, the caller evaluates it, {@link #tell(State, double[][],
 * double[])} returns the next state. Nothing is mutable: the {@link State} is the whole optimiser, and every random
 * draw comes from {@code (seed, generation, candidate)}, so a run resumed from a saved state samples exactly what an
 * uninterrupted run samples. The constants are those of the {@code cmaes} Python package's {@code SepCMA}.
 *
 * <pre>{@code
 * SepCmaEs es = SepCmaEs.of(n, 0, seed);          // default population 4 + 3 ln n
 * SepCmaEs.State state = es.start(x0, 2.0);
 * while (...) {
 *     double[][] xs = es.ask(state);
 *     state = es.tell(state, xs, fitnessOf(xs));
 * }
 * }</pre>
 */
public final class SepCmaEs {

    private final int n;
    private final int lambda;
    private final int mu;
    private final double[] weights;
    private final double muEff;
    private final double cSigma;
    private final double dSigma;
    private final double cc;
    private final double c1;
    private final double cMu;
    private final double chiN;
    private final long seed;

    private SepCmaEs(int n, int lambda, long seed) {
        this.n = n;
        this.lambda = lambda;
        this.seed = seed;
        this.mu = lambda / 2;
        double[] w = new double[mu];
        double sum = 0;
        for (int i = 0; i < mu; i++) {
            w[i] = Math.log(mu + 1) - Math.log(i + 1);
            sum += w[i];
        }
        double squares = 0;
        for (int i = 0; i < mu; i++) {
            w[i] /= sum;
            squares += w[i] * w[i];
        }
        this.weights = w;
        this.muEff = 1 / squares;
        this.c1 = 2 / ((n + 1.3) * (n + 1.3) + muEff);
        double cMuFull = 2 / muEff / ((n + Math.sqrt(2)) * (n + Math.sqrt(2)))
                + (1 - 1 / muEff) * Math.min(1, (2 * muEff - 1) / ((n + 2.0) * (n + 2.0) + muEff));
        this.cMu = (n + 2) / 3.0 * cMuFull;
        this.cSigma = (muEff + 2) / (n + muEff + 3);
        this.dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
        this.cc = 4.0 / (n + 4);
        this.chiN = Math.sqrt(n) * (1.0 - 1.0 / (4.0 * n) + 1.0 / (21.0 * n * (double) n));
    }

    /**
     * An optimiser.
     *
     * @param dimensions the number of parameters, at least 2
     * @param population candidates per generation, at least 4; 0 for the default {@code 4 + floor(3 ln n)}
     * @param seed the seed every draw derives from
     * @return the optimiser
     */
    public static SepCmaEs of(int dimensions, int population, long seed) {
        if (dimensions < 2) {
            throw new IllegalArgumentException("sep-CMA-ES needs at least 2 dimensions, got " + dimensions);
        }
        if (population != 0 && population < 4) {
            throw new IllegalArgumentException("the population must be at least 4 (or 0 for the default), got "
                    + population);
        }
        return new SepCmaEs(dimensions, population == 0 ? defaultPopulation(dimensions) : population, seed);
    }

    /** The default population: {@code 4 + floor(3 ln n)}. */
    public static int defaultPopulation(int dimensions) {
        return 4 + (int) Math.floor(3 * Math.log(dimensions));
    }

    /** The number of parameters. */
    public int dimensions() {
        return n;
    }

    /** Candidates per generation (λ). */
    public int population() {
        return lambda;
    }

    /**
     * The starting state: mean {@code x0}, step size {@code sigma}, identity covariance, zero paths.
     *
     * @param x0 the starting point (copied)
     * @param sigma the starting step size, positive
     * @return generation 0
     */
    public State start(double[] x0, double sigma) {
        if (x0.length != n) {
            throw new IllegalArgumentException("x0 has " + x0.length + " values, the optimiser " + n);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be positive and finite, got " + sigma);
        }
        double[] c = new double[n];
        Arrays.fill(c, 1.0);
        return new State(0, x0.clone(), sigma, c, new double[n], new double[n]);
    }

    /**
     * Samples the generation of a state: {@code x_k = m + σ sqrt(C) z_k}, {@code z_k ~ N(0, I)} drawn from
     * {@code (seed, generation, k)}.
     *
     * @param state the state
     * @return {@link #population()} candidates
     */
    public double[][] ask(State state) {
        double[][] out = new double[lambda][n];
        double[] d = sqrtDiagonal(state.diagonal());
        double[] mean = state.mean();
        double sigma = state.sigma();
        for (int k = 0; k < lambda; k++) {
            SplittableRandom random = random(state.generation(), k);
            double[] x = out[k];
            for (int i = 0; i < n; i++) {
                x[i] = mean[i] + sigma * d[i] * random.nextGaussian();
            }
        }
        return out;
    }

    /**
     * Updates the distribution from an evaluated generation (lower fitness is better; ties keep candidate order).
     *
     * @param state the state the candidates were asked from
     * @param candidates the candidates of {@link #ask(State)}
     * @param fitness one finite value per candidate
     * @return the next generation's state
     * @throws IllegalArgumentException when the sizes differ or a fitness is not finite
     */
    public State tell(State state, double[][] candidates, double[] fitness) {
        if (candidates.length != lambda || fitness.length != lambda) {
            throw new IllegalArgumentException("tell needs " + lambda + " candidates and fitness values, got "
                    + candidates.length + " and " + fitness.length);
        }
        for (int k = 0; k < lambda; k++) {
            if (!Double.isFinite(fitness[k])) {
                throw new IllegalArgumentException("fitness of candidate " + k + " is " + fitness[k]);
            }
        }
        Integer[] order = new Integer[lambda];
        for (int k = 0; k < lambda; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(fitness[a], fitness[b])); // stable: ties keep candidate order
        double[] mean = state.mean();
        double sigma = state.sigma();
        double[] oldC = state.diagonal();
        double[] oldPSigma = state.sigmaPath();
        double[] oldPc = state.covariancePath();
        double[] d = sqrtDiagonal(oldC);
        // weighted mean of the best mu steps y = (x - m) / sigma
        double[] yw = new double[n];
        double[] rankMu = new double[n];
        for (int j = 0; j < mu; j++) {
            double[] x = candidates[order[j]];
            double w = weights[j];
            for (int i = 0; i < n; i++) {
                double y = (x[i] - mean[i]) / sigma;
                yw[i] += w * y;
                rankMu[i] += w * y * y;
            }
        }
        double[] newMean = new double[n];
        double[] pSigma = new double[n];
        double[] pc = new double[n];
        double sigmaPathScale = Math.sqrt(cSigma * (2 - cSigma) * muEff);
        double norm = 0;
        for (int i = 0; i < n; i++) {
            newMean[i] = mean[i] + sigma * yw[i];
            pSigma[i] = (1 - cSigma) * oldPSigma[i] + sigmaPathScale * (yw[i] / d[i]);
            norm += pSigma[i] * pSigma[i];
        }
        norm = Math.sqrt(norm);
        double newSigma = Math.min(sigma * Math.exp((cSigma / dSigma) * (norm / chiN - 1)), 1e32);
        int g = state.generation() + 1;
        double left = norm / Math.sqrt(1 - Math.pow(1 - cSigma, 2.0 * (g + 1)));
        double hSigma = left < (1.4 + 2.0 / (n + 1)) * chiN ? 1.0 : 0.0;
        double pcScale = hSigma * Math.sqrt(cc * (2 - cc) * muEff);
        double deltaH = (1 - hSigma) * cc * (2 - cc);
        double[] c = new double[n];
        double keep = 1 + c1 * deltaH - c1 - cMu; // the weights sum to 1
        for (int i = 0; i < n; i++) {
            pc[i] = (1 - cc) * oldPc[i] + pcScale * yw[i];
            c[i] = keep * oldC[i] + c1 * pc[i] * pc[i] + cMu * rankMu[i];
        }
        return new State(g, newMean, newSigma, c, pSigma, pc);
    }

    private SplittableRandom random(int generation, int candidate) {
        long mixed = seed * 0x9E3779B97F4A7C15L + generation * 0xC2B2AE3D27D4EB4FL + candidate * 0x165667B19E3779F9L;
        return new SplittableRandom(mixed);
    }

    private static double[] sqrtDiagonal(double[] c) {
        double[] d = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            d[i] = Math.sqrt(c[i] < 0 ? 1e-8 : c[i]);
        }
        return d;
    }

    /**
     * The whole optimiser state after {@code generation} updates.
     *
     * @param generation generations told so far
     * @param mean the distribution mean m
     * @param sigma the step size σ
     * @param diagonal the diagonal covariance C
     * @param sigmaPath the step-size evolution path p_σ
     * @param covariancePath the covariance evolution path p_c
     */
    public record State(int generation, double[] mean, double sigma, double[] diagonal, double[] sigmaPath,
                        double[] covariancePath) {

        /** Validates and copies. */
        public State {
            Objects.requireNonNull(mean, "mean");
            if (generation < 0 || diagonal.length != mean.length || sigmaPath.length != mean.length
                    || covariancePath.length != mean.length) {
                throw new IllegalArgumentException("inconsistent sep-CMA-ES state");
            }
            mean = mean.clone();
            diagonal = diagonal.clone();
            sigmaPath = sigmaPath.clone();
            covariancePath = covariancePath.clone();
        }

        /** A copy of the mean. */
        @Override
        public double[] mean() {
            return mean.clone();
        }

        /** A copy of the diagonal covariance. */
        @Override
        public double[] diagonal() {
            return diagonal.clone();
        }

        /** A copy of p_σ. */
        @Override
        public double[] sigmaPath() {
            return sigmaPath.clone();
        }

        /** A copy of p_c. */
        @Override
        public double[] covariancePath() {
            return covariancePath.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && generation == s.generation
                    && Double.doubleToLongBits(sigma) == Double.doubleToLongBits(s.sigma)
                    && Arrays.equals(mean, s.mean) && Arrays.equals(diagonal, s.diagonal)
                    && Arrays.equals(sigmaPath, s.sigmaPath) && Arrays.equals(covariancePath, s.covariancePath);
        }

        @Override
        public int hashCode() {
            return Objects.hash(generation, sigma, Arrays.hashCode(mean), Arrays.hashCode(diagonal));
        }

        @Override
        public String toString() {
            return "SepCmaEs.State[generation=" + generation + ", n=" + mean.length + ", sigma=" + sigma + "]";
        }
    }
}
