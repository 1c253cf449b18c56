package dev.trinity.coordinator.qwen3;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.trinity.coordinator.djl.CudaErrors;
import dev.trinity.coordinator.djl.DeviceSpec;
import dev.trinity.coordinator.djl.DjlRuntime;
import dev.trinity.coordinator.route.HiddenState;
import dev.trinity.coordinator.setting.Setting;
import dev.trinity.coordinator.setting.SettingException;
import dev.trinity.coordinator.setting.Wording;
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
    private final Tiling tiling;
    private final PrefixCache prefixCache;
    private final DataType cacheType;
    private final long workingMemoryLimit;

    private Qwen3Model(Qwen3Config config, NDManager root, Device device, Qwen3Forward forward, Tiling tiling,
                       Qwen3Options options) {
        this.config = config;
        this.root = root;
        this.device = device;
        this.computeType = options.computeType();
        this.forward = forward;
        this.tiling = tiling;
        this.workingMemoryLimit = options.workingMemoryLimit();
        this.cacheType = options.prefixCacheType().dataType();
        this.prefixCache = options.prefixCacheBytes() == 0 ? null
                : new PrefixCache(options.prefixCacheBytes(), kvBytesPerToken());
    }

    /**
     * Loads {@code config.json} and the safetensors weights of a Hugging Face model folder.
     *
     * @throws IOException naming the file, tensor or setting that is missing or unsupported
     */
    public static Qwen3Model load(Path modelDir, Qwen3Options options) throws IOException {
        return load(modelDir, options, Tiling.DEFAULT);
    }

    /** {@link #load(Path, Qwen3Options)} with other chunk and block sizes (tests force tiling on short inputs). */
    static Qwen3Model load(Path modelDir, Qwen3Options options, Tiling tiling) throws IOException {
        Qwen3Config config = Qwen3Config.read(modelDir.resolve("config.json"));
        try (Qwen3Checkpoint checkpoint = Qwen3Checkpoint.open(modelDir)) {
            return load(config, checkpoint, options, tiling);
        }
    }

    /**
     * Loads a model from any tensor source (a checkpoint, random weights, or a checkpoint with adapted tensors).
     * The source may be closed afterwards.
     */
    public static Qwen3Model load(Qwen3Config config, TensorSource source, Qwen3Options options)
            throws IOException {
        return load(config, source, options, Tiling.DEFAULT);
    }

    /**
     * The options with the device decided: {@code auto} becomes the CPU or {@code cuda:0}, a CUDA device is checked
     * to exist, and fp16 is refused on the CPU. Loading does this itself; call it first to fail before other work.
     *
     * @param options the options
     * @return the options with a concrete device (themselves when nothing changes)
     * @throws dev.trinity.coordinator.djl.DeviceUnavailableException when the CUDA device asked for is not there
     * @throws SettingException for fp16 on the CPU
     */
    public static Qwen3Options resolve(Qwen3Options options) {
        DeviceSpec concrete = DeviceSpec.of(device(options));
        return concrete.equals(options.device()) ? options : options.toBuilder().device(concrete).build();
    }

    /** The DJL device the options ask for, checked to exist and to compute in their dtype. */
    private static Device device(Qwen3Options options) {
        Device device = DjlRuntime.device(options.device());
        if (options.computeType() == ComputeType.FP16 && !device.isGpu()) {
            throw new SettingException(Wording.of(Setting.COMPUTE_TYPE, " fp16 runs only on a GPU (about 100x slower "
                    + "than fp32 on a CPU) and this run is on the CPU; use ", Setting.COMPUTE_TYPE, " fp32, or ",
                    Setting.DEVICE, " cuda on a machine with a GPU"));
        }
        return device;
    }

    private static Qwen3Model load(Qwen3Config config, TensorSource source, Qwen3Options options, Tiling tiling)
            throws IOException {
        DjlRuntime.setThreads(options.threads());
        Device device = device(options);
        NDManager root = NDManager.newBaseManager(device, "PyTorch");
        root.setName("qwen3");
        try {
            NDManager weightManager = root.newSubManager();
            weightManager.setName("qwen3-weights");
            Qwen3Weights weights = new Qwen3WeightLoader(config, source, weightManager,
                    options.computeType().dataType()).load(options.progress());
            // Any op that would attach a result to the weights (a leak) now fails loudly instead.
            weightManager.cap();
            return new Qwen3Model(config, root, device,
                    new Qwen3Forward(config, weights, options.computeType().dataType(), tiling), tiling, options);
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
     * {@link HiddenState#routerIndex(int) n - 2}. With the prefix cache on, the leading tokens already prefilled by
     * an earlier call are not computed again.
     */
    public float[] hiddenAt(int[] ids, int position) {
        return hiddenAtBatch(new int[][] {ids}, new int[] {position})[0];
    }

    /**
     * The final-norm hidden states of many sequences in one forward (packed, no padding): {@code result[b]} is the
     * state of {@code ids[b]} at {@code positions[b]}, as {@link #hiddenAt} would give it (up to float rounding).
     */
    public float[][] hiddenAtBatch(int[][] ids, int[] positions) {
        return hiddenAtBatch(ids, positions, true);
    }

    /**
     * {@link #hiddenAtBatch(int[][], int[])}, with or without the prefix cache (to compare, or to keep one-off
     * inputs out of it).
     */
    public float[][] hiddenAtBatch(int[][] ids, int[] positions, boolean usePrefixCache) {
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
        PrefixCache cache = usePrefixCache ? prefixCache : null;
        List<PrefixCache.Lease> leases = new ArrayList<>(ids.length);
        List<KvCapture> captures = new ArrayList<>(ids.length);
        try {
            List<Segment> segments = new ArrayList<>(ids.length);
            for (int b = 0; b < ids.length; b++) {
                int end = positions[b] + 1;
                if (cache == null) {
                    segments.add(Segment.of(ids[b], end));
                    continue;
                }
                PrefixCache.Lease lease = cache.acquire(ids[b], end - 1, end);
                leases.add(lease);
                KvCapture capture = lease.captureTo() > lease.captureFrom() ? new KvCapture(root, lease.captureFrom(),
                        lease.captureTo(), config.numHiddenLayers(), cacheType) : null;
                if (capture != null) {
                    captures.add(capture);
                }
                segments.add(new Segment(ids[b], end, lease, capture));
            }
            float[][] states = run(segments);
            for (int b = 0; cache != null && b < segments.size(); b++) {
                Segment segment = segments.get(b);
                if (segment.capture() != null) {
                    cache.put(segment.ids(), leases.get(b), segment.capture());
                }
                cache.count(segment.start(), segment.fresh());
            }
            return states;
        } finally {
            captures.forEach(KvCapture::close); // no-op for those the cache took
            for (PrefixCache.Lease lease : leases) {
                cache.release(lease);
            }
        }
    }

    private float[][] run(List<Segment> segments) {
        Packing pack = new Packing(segments);
        if (!device.isGpu()) {
            long capture = 0;
            for (Segment segment : segments) {
                capture += segment.capture() == null ? 0
                        : (long) (segment.capture().tokens() - segment.capture().from()) * kvBytesPerToken();
            }
            ForwardMemory.check(ForwardMemory.estimate(config, tiling, pack, capture, computeType.dataType().getNumOfBytes()),
                    workingMemoryLimit, "a forward of " + pack.rows() + " new tokens");
        }
        int hidden = config.hiddenSize();
        float[] flat;
        try (NDManager step = root.newSubManager()) {
            flat = forward.lastRows(step, segments).toFloatArray();
        } catch (RuntimeException e) {
            throw onDevice(e);
        }
        float[][] out = new float[segments.size()][];
        for (int b = 0; b < out.length; b++) {
            out[b] = java.util.Arrays.copyOfRange(flat, b * hidden, (b + 1) * hidden);
        }
        return out;
    }

    /** Keys and values of one token over every layer, in the cache's dtype: what the prefix cache keeps. */
    long kvBytesPerToken() {
        return 2L * config.numHiddenLayers() * config.numKeyValueHeads() * config.headDim()
                * cacheType.getNumOfBytes();
    }

    /** What the prefix cache holds and how it has served ({@link PrefixCacheStats#DISABLED} when it is off). */
    public PrefixCacheStats prefixCacheStats() {
        return prefixCache == null ? PrefixCacheStats.DISABLED : prefixCache.stats();
    }

    /** Empties the prefix cache (entries in use by a running forward are freed when it ends). */
    public void clearPrefixCache() {
        if (prefixCache != null) {
            prefixCache.clear();
        }
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

    /**
     * A CUDA failure, or libtorch's CPU allocator running out of memory, during a forward becomes one readable
     * line; anything else is rethrown as it is.
     */
    private RuntimeException onDevice(RuntimeException e) {
        if (device.isGpu()) {
            return CudaErrors.translate(e, "running the model on " + device);
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("DefaultCPUAllocator") || message.contains("not enough memory")) {
            ForwardMemoryException line = new ForwardMemoryException("a forward ran out of memory ("
                    + CudaErrors.firstLine(message) + "). Route a shorter conversation (or fewer at once), lower the "
                    + "prefix cache's size, or free memory");
            line.initCause(e);
            return line;
        }
        return e;
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
        if (prefixCache != null) {
            prefixCache.close();
        }
        root.close();
    }
}
