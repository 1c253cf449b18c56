package dev.trinity.coordinator.qwen3;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.trinity.coordinator.djl.CudaErrors;
import dev.trinity.coordinator.djl.DjlRuntime;
import dev.trinity.coordinator.route.HiddenState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded Qwen3 decoder: config and weights on a device, ready for prefill passes from any thread.
 *
 * <p>Native memory: the weights live in a capped sub-manager of the model's root manager for the model's lifetime;
 * each call opens its own sub-manager and closes it before returning, so nothing accumulates across calls.
 *
 * <pre>{@code
 * try (Qwen3Model model = Qwen3Model.load(modelDir, Qwen3Options.builder().device(DeviceSpec.CPU).build())) {
 *     float[] vector = model.hiddenAt(ids, HiddenState.routerIndex(ids.length));
 * }
 * }</pre>
 */
public final class Qwen3Model implements AutoCloseable {

    private final Qwen3Config config;
    private final NDManager root;
    private final Device device;
    private final ComputeType computeType;
    private final Qwen3Forward forward;

    private Qwen3Model(Qwen3Config config, NDManager root, Device device, ComputeType computeType,
                       Qwen3Forward forward) {
        this.config = config;
        this.root = root;
        this.device = device;
        this.computeType = computeType;
        this.forward = forward;
    }

    /**
     * Loads {@code config.json} and the safetensors weights of a Hugging Face model folder.
     *
     * @throws IOException naming the file, tensor or setting that is missing or unsupported
     */
    public static Qwen3Model load(Path modelDir, Qwen3Options options) throws IOException {
        Qwen3Config config = Qwen3Config.read(modelDir.resolve("config.json"));
        try (Qwen3Checkpoint checkpoint = Qwen3Checkpoint.open(modelDir)) {
            return load(config, checkpoint, options);
        }
    }

    /**
     * Loads a model from any tensor source (a checkpoint, random weights, or a checkpoint with adapted tensors).
     * The source may be closed afterwards.
     */
    public static Qwen3Model load(Qwen3Config config, TensorSource source, Qwen3Options options)
            throws IOException {
        DjlRuntime.setThreads(options.threads());
        Device device = DjlRuntime.device(options.device());
        if (options.computeType() == ComputeType.FP16 && !device.isGpu()) {
            throw new IllegalArgumentException("fp16 runs only on a GPU (it is about 100x slower than fp32 on CPU); "
                    + "use --dtype fp32 with --device cpu");
        }
        NDManager root = NDManager.newBaseManager(device, "PyTorch");
        root.setName("qwen3");
        try {
            NDManager weightManager = root.newSubManager();
            weightManager.setName("qwen3-weights");
            Qwen3Weights weights = new Qwen3WeightLoader(config, source, weightManager,
                    options.computeType().dataType()).load(options.progress());
            // Any op that would attach a result to the weights (a leak) now fails loudly instead.
            weightManager.cap();
            return new Qwen3Model(config, root, device, options.computeType(),
                    new Qwen3Forward(config, weights, options.computeType().dataType()));
        } catch (IOException e) {
            root.close();
            throw e;
        } catch (RuntimeException e) {
            root.close();
            throw device.isGpu() ? CudaErrors.translate(e, "loading the model onto " + device) : e;
        }
    }

    /** The model's config. */
    public Qwen3Config config() {
        return config;
    }

    /** The device, as DJL names it ({@code cpu()}, {@code gpu(0)}). */
    public String deviceName() {
        return device.toString();
    }

    /** The compute dtype. */
    public ComputeType computeType() {
        return computeType;
    }

    /**
     * The final-norm hidden state at {@code position}: Hugging Face {@code hidden_states[-1][0, position]}.
     *
     * <p>Causality means tokens after {@code position} cannot change it, so they are not computed; the router reads
     * {@link HiddenState#routerIndex(int) n - 2}.
     */
    public float[] hiddenAt(int[] ids, int position) {
        checkIds(ids);
        if (position < 0 || position >= ids.length) {
            throw new IllegalArgumentException("position " + position + " outside 0.." + (ids.length - 1));
        }
        try (NDManager step = root.newSubManager()) {
            return forward.hiddenAt(step, new int[][] {ids}, new int[] {position}).toFloatArray();
        } catch (RuntimeException e) {
            throw onDevice(e);
        }
    }

    /**
     * The final-norm hidden states of many sequences in one padded forward: {@code result[b]} is the state of
     * {@code ids[b]} at {@code positions[b]}, as {@link #hiddenAt} would give it (up to float rounding).
     */
    public float[][] hiddenAtBatch(int[][] ids, int[] positions) {
        if (ids.length != positions.length || ids.length == 0) {
            throw new IllegalArgumentException("need one position per sequence and at least one sequence");
        }
        for (int b = 0; b < ids.length; b++) {
            checkIds(ids[b]);
            if (positions[b] < 0 || positions[b] >= ids[b].length) {
                throw new IllegalArgumentException("position " + positions[b] + " of sequence " + b + " outside 0.."
                        + (ids[b].length - 1));
            }
        }
        int hidden = config.hiddenSize();
        float[] flat;
        try (NDManager step = root.newSubManager()) {
            flat = forward.hiddenAt(step, ids, positions).toFloatArray();
        } catch (RuntimeException e) {
            throw onDevice(e);
        }
        float[][] out = new float[ids.length][];
        for (int b = 0; b < ids.length; b++) {
            out[b] = java.util.Arrays.copyOfRange(flat, b * hidden, (b + 1) * hidden);
        }
        return out;
    }

    /**
     * The full prefill as Hugging Face's base model runs it: every position through every layer, returning
     * {@code last_hidden_state}, (n, hidden) row-major. The router does not need this; benchmarks compare with it.
     */
    public float[] lastHiddenState(int[] ids) {
        checkIds(ids);
        try (NDManager step = root.newSubManager()) {
            return forward.allPositions(step, ids, null).toFloatArray();
        } catch (RuntimeException e) {
            throw onDevice(e);
        }
    }

    /**
     * Every {@code hidden_states} entry of Hugging Face at every position, for diagnostics: entry 0 is the
     * embedding, entries 1..L-1 the outputs of layers 0..L-2, entry L the final-norm output of the last layer.
     *
     * @return {@code [L + 1][n * hidden]}, row-major (position, hidden)
     */
    public float[][] hiddenStates(int[] ids) {
        checkIds(ids);
        List<float[]> entries = new ArrayList<>(config.numHiddenLayers() + 1);
        try (NDManager step = root.newSubManager()) {
            forward.allPositions(step, ids,
                    array -> entries.add(array.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray()));
        } catch (RuntimeException e) {
            throw onDevice(e);
        }
        return entries.toArray(new float[0][]);
    }

    /** A CUDA failure during a forward becomes one readable line; anything else is rethrown as it is. */
    private RuntimeException onDevice(RuntimeException e) {
        return device.isGpu() ? CudaErrors.translate(e, "running the model on " + device) : e;
    }

    private void checkIds(int[] ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("no input tokens: the transcript tokenized to nothing");
        }
        if (ids.length > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException(ids.length + " tokens exceed max_position_embeddings "
                    + config.maxPositionEmbeddings());
        }
    }

    /** The number of arrays held by the model's managers (for leak checks). */
    long managedArrayCount() {
        return countArrays(root);
    }

    private static long countArrays(NDManager manager) {
        return manager instanceof ai.djl.ndarray.BaseNDManager base ? base.getManagedArrays().size() : -1;
    }

    @Override
    public void close() {
        root.close();
    }
}
