package dev.trinity.coordinator.route;

import dev.trinity.coordinator.hash.Sha256;
import dev.trinity.coordinator.role.AgentRole;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The TRINITY router head: a bias-free linear layer {@code {numAgents + 3, hidden}} over the routing vector.
 *
 * <p>{@code logits = v · Wᵀ} (each dot product accumulated in double, rounded once to float), agent logits first,
 * then the three role logits (Worker, Thinker, Verifier). The head is immutable and thread-safe; routing is a pure
 * function of the vector and the {@link RoutingOptions}.
 *
 * <pre>{@code
 * RouterHead head = RouterHead.of(weights, 10, 1024);   // the Sakana head
 * RouteDecision decision = head.route(hiddenState.vector());
 * }</pre>
 */
public final class RouterHead {

    /** The number of role outputs; agents are the remaining rows. */
    public static final int NUM_ROLES = 3;

    private final float[] weights; // (rows, hidden), row-major: row r scores output r
    private final int rows;
    private final int hidden;

    private RouterHead(float[] weights, int rows, int hidden) {
        this.weights = weights;
        this.rows = rows;
        this.hidden = hidden;
    }

    /**
     * A head from row-major weights.
     *
     * @param weights {@code rows * hidden} values, row r at {@code [r * hidden, (r + 1) * hidden)} (copied)
     * @param rows output count: agents + 3 roles
     * @param hidden the routing vector size
     * @return the head
     * @throws IllegalArgumentException when the shape has no agent row or does not match the weights
     */
    public static RouterHead of(float[] weights, int rows, int hidden) {
        Objects.requireNonNull(weights, "weights");
        if (rows <= NUM_ROLES || hidden < 1) {
            throw new IllegalArgumentException("invalid head shape [" + rows + ", " + hidden + "]: need more than "
                    + NUM_ROLES + " rows (agents + 3 roles) and a positive hidden size");
        }
        if ((long) rows * hidden != weights.length) {
            throw new IllegalArgumentException("head shape [" + rows + ", " + hidden + "] needs " + (long) rows * hidden
                    + " weights, got " + weights.length);
        }
        for (int i = 0; i < weights.length; i++) {
            if (!Float.isFinite(weights[i])) {
                throw new IllegalArgumentException("head weight " + i + " (row " + i / hidden + ", column "
                        + i % hidden + ") is " + weights[i]);
            }
        }
        return new RouterHead(weights.clone(), rows, hidden);
    }

    /** Agents + roles. */
    public int outputCount() {
        return rows;
    }

    /** The number of agent slots: {@code outputCount() - 3}. */
    public int numAgents() {
        return rows - NUM_ROLES;
    }

    /** Always 3. */
    public int numRoles() {
        return NUM_ROLES;
    }

    /** The routing vector size. */
    public int hiddenSize() {
        return hidden;
    }

    /** The shape {@code [outputCount, hiddenSize]}. */
    public int[] shape() {
        return new int[] {rows, hidden};
    }

    /** A copy of the row-major weights. */
    public float[] weights() {
        return weights.clone();
    }

    /**
     * The weights as little-endian F32 bytes, row-major: the payload of {@code router_head.safetensors}.
     *
     * @return {@code 4 * rows * hidden} bytes
     */
    public byte[] weightBytesLittleEndian() {
        ByteBuffer buffer = ByteBuffer.allocate(weights.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(weights);
        return buffer.array();
    }

    /**
     * The reference's {@code head_weight_sha256_as_f32}: SHA-256 of the little-endian F32 weights.
     *
     * @return 64 lowercase hex digits ({@code 1897dfc2…42c3} for the Sakana head)
     */
    public String weightSha256AsF32() {
        return Sha256.of(weightBytesLittleEndian());
    }

    /**
     * Checks the head against the shape its manifest declares ({@code router_head_shape}).
     *
     * @param declared the declared shape, {@code [outputCount, hidden]}; null or malformed is an error
     * @throws IllegalArgumentException with the reference's texts ("router head shape mismatch: …",
     *     "router head hidden-size mismatch: …", "router head shape in manifest is malformed; …")
     */
    public void checkDeclaredShape(List<? extends Number> declared) {
        if (declared == null || declared.size() != 2 || declared.get(0) == null || declared.get(1) == null
                || declared.get(0).longValue() <= 0 || declared.get(1).longValue() <= 0) {
            throw new IllegalArgumentException("router head shape in manifest is malformed; expected "
                    + "[output_count, hidden_size] with positive integers, got " + declared);
        }
        long outputCount = declared.get(0).longValue();
        long hiddenSize = declared.get(1).longValue();
        if (outputCount != rows) {
            throw new IllegalArgumentException("router head shape mismatch: manifest declares output_count="
                    + outputCount + " but built head has num_agents=" + numAgents() + " + num_roles=" + NUM_ROLES
                    + " = " + rows);
        }
        if (hiddenSize != hidden) {
            throw new IllegalArgumentException("router head hidden-size mismatch: manifest declares hidden_size="
                    + hiddenSize + " but built head has hidden_size=" + hidden);
        }
    }

    /**
     * The logits of one routing vector.
     *
     * @param vector the routing vector, length {@link #hiddenSize()}
     * @return {@link #outputCount()} logits: agents, then roles
     * @throws IllegalArgumentException when the vector length differs from the hidden size, or a logit is not
     *     finite (a NaN or infinite vector)
     */
    public float[] logits(float[] vector) {
        Objects.requireNonNull(vector, "vector");
        if (vector.length != hidden) {
            throw new IllegalArgumentException("routing vector has " + vector.length + " values but the router head "
                    + "expects hidden size " + hidden);
        }
        float[] logits = new float[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0.0;
            int base = r * hidden;
            for (int c = 0; c < hidden; c++) {
                sum += (double) vector[c] * weights[base + c];
            }
            logits[r] = (float) sum;
            if (!Float.isFinite(logits[r])) {
                throw new IllegalArgumentException("router logit " + r + " is " + logits[r] + ": the routing vector "
                        + "holds NaN, infinity or values too large for float; the model's weights are probably "
                        + "corrupt (check them with 'coordinator env-check --model-dir DIR --verify-hashes')");
            }
        }
        return logits;
    }

    /**
     * Routes with argmax for both splits.
     *
     * @param vector the routing vector
     * @return the decision (no transcript hash, no artifact identity)
     */
    public RouteDecision route(float[] vector) {
        return route(vector, RoutingOptions.defaults());
    }

    /**
     * Routes one vector.
     *
     * @param vector the routing vector
     * @param options selection modes, temperature, probabilities and seed
     * @return the decision (no transcript hash, no artifact identity)
     */
    public RouteDecision route(float[] vector, RoutingOptions options) {
        return decide(logits(vector), numAgents(), options);
    }

    /**
     * Turns logits into a decision: the selection step alone, for logits computed elsewhere.
     *
     * @param logits agents then 3 roles
     * @param numAgents how many leading logits are agent logits
     * @param options selection modes, temperature, probabilities and seed
     * @return the decision
     */
    public static RouteDecision decide(float[] logits, int numAgents, RoutingOptions options) {
        Objects.requireNonNull(logits, "logits");
        Objects.requireNonNull(options, "options");
        if (numAgents < 1 || logits.length != numAgents + NUM_ROLES) {
            throw new IllegalArgumentException("expected " + numAgents + " agent logits + " + NUM_ROLES
                    + " role logits, got " + logits.length + " values");
        }
        double[] agentLogits = widen(logits, 0, numAgents);
        double[] roleLogits = widen(logits, numAgents, logits.length);
        Long seed = options.seed();
        int agentId = select(agentLogits, options.agentSelection(), options.temperature(),
                seed == null ? null : new SplittableRandom(seed));
        int roleId = select(roleLogits, options.roleSelection(), options.temperature(),
                seed == null ? null : new SplittableRandom(seed + RoutingOptions.ROLE_SEED_OFFSET));
        boolean probabilities = options.returnProbabilities();
        double[] agentProbabilities = probabilities ? softmax(agentLogits, options.temperature()) : null;
        double[] roleProbabilities = probabilities ? softmax(roleLogits, options.temperature()) : null;
        return new RouteDecision(agentId, roleId, AgentRole.nameOf(roleId), margin(agentLogits), margin(roleLogits),
                options.agentSelection(), options.roleSelection(), logits, numAgents, agentProbabilities,
                roleProbabilities, null, null);
    }

    /**
     * Top-1 minus top-2, in double.
     *
     * @param values the values (float logits widen exactly)
     * @return the margin; 0.0 for a single value
     * @throws IllegalArgumentException for no values
     */
    public static double margin(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("margin of no values");
        }
        double first = Double.NEGATIVE_INFINITY;
        double second = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (v > first) {
                second = first;
                first = v;
            } else if (v > second) {
                second = v;
            }
        }
        return values.length == 1 ? 0.0 : first - second;
    }

    /**
     * Top-1 minus top-2 of float values, each widened exactly to double.
     *
     * @param values the values
     * @return the margin; 0.0 for a single value
     */
    public static double margin(float[] values) {
        return margin(widen(values, 0, values.length));
    }

    /**
     * The index of the largest value; on a tie the first index wins.
     *
     * @param values at least one value
     * @return the index
     */
    public static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * {@code softmax(values / temperature)} with max-subtraction, in double.
     *
     * @param values at least one value
     * @param temperature positive
     * @return probabilities summing to 1
     */
    public static double[] softmax(double[] values, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v / temperature);
        }
        double[] p = new double[values.length];
        double sum = 0.0;
        for (int i = 0; i < values.length; i++) {
            p[i] = Math.exp(values[i] / temperature - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static int select(double[] logits, SelectionMode mode, double temperature, SplittableRandom random) {
        switch (mode) {
            case ARGMAX:
                return argmax(logits);
            case SOFTMAX:
                return argmax(softmax(logits, temperature));
            case SAMPLE:
                double[] p = softmax(logits, temperature);
                double u = random.nextDouble();
                double cumulative = 0.0;
                for (int i = 0; i < p.length; i++) {
                    cumulative += p[i];
                    if (u <= cumulative) {
                        return i;
                    }
                }
                return p.length - 1;
            default:
                throw new IllegalArgumentException("unsupported selection mode " + mode);
        }
    }

    private static double[] widen(float[] values, int from, int to) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = values[i];
        }
        return out;
    }

    @Override
    public String toString() {
        return "RouterHead[" + numAgents() + " agents + " + NUM_ROLES + " roles, hidden " + hidden + "]";
    }
}
