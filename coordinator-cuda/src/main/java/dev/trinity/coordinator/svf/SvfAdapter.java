package dev.trinity.coordinator.svf;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.trinity.coordinator.djl.DjlRuntime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Sakana's SVF step for one weight matrix, in float64, without a full SVD.
 *
 * <p>The reference computes {@code W' = c * U diag(S (1 + o)) V^T} from a thin SVD {@code W = U diag(S) V^T},
 * with {@code c = sum(S) / sum(S (1 + o))}. Since {@code U = W V S^-1}, this is
 * {@code W' = c * W V diag(1 + o) V^T}: only the eigenvectors of the small Gram matrix {@code W^T W} (or
 * {@code W W^T} for a wide matrix, {@code W' = c * U diag(1 + o) U^T W}) are needed. W' does not depend on the
 * sign or basis choices of the decomposition as long as singular values are distinct.
 *
 * <p>Large products run as float64 GEMMs in libtorch, in row chunks, so the 151936-row embedding never needs a
 * float64 copy of the whole matrix.
 */
public final class SvfAdapter {

    private static final int CHUNK_ROWS = 8192;

    private SvfAdapter() {
    }

    /**
     * The adapted weight and the intermediate values the reference reports.
     *
     * @param weights W', float32, row-major (rows, cols), PyTorch orientation
     * @param singularValues S, descending
     * @param normalization c
     */
    public record Adapted(float[] weights, double[] singularValues, double normalization) {
    }

    /**
     * The right (tall matrix) or left (wide matrix) singular vectors and the singular values of a base matrix:
     * everything {@link #adapt(Basis, float[])} needs besides the offsets. Computing it is the expensive part, so one
     * basis serves every offset slice of the same matrix (the embedding and the tied LM head).
     *
     * @param weights the base matrix, row-major (rows, cols)
     * @param rows rows
     * @param cols columns
     * @param vectors eigenvectors of the small Gram matrix as columns, row-major (k, k)
     * @param singular singular values, descending
     */
    public record Basis(float[] weights, int rows, int cols, double[] vectors, double[] singular) {
        /** Number of singular values. */
        public int rank() {
            return singular.length;
        }
    }

    /**
     * Adapts one matrix.
     *
     * @param w row-major (rows, cols) base weights, PyTorch orientation
     * @param offsets {@code min(rows, cols)} offsets, applied to the singular values in descending order
     * @throws IllegalArgumentException if the sizes do not match
     */
    public static Adapted adapt(float[] w, int rows, int cols, float[] offsets) {
        return adapt(basis(w, rows, cols), offsets);
    }

    /** Decomposes a base matrix through its Gram matrix ({@code W^T W}, or {@code W W^T} when wide). */
    public static Basis basis(float[] w, int rows, int cols) {
        if ((long) rows * cols != w.length) {
            throw new IllegalArgumentException("weights have " + w.length + " values, shape is " + rows + "x" + cols);
        }
        int k = Math.min(rows, cols);
        DjlRuntime.engine();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            double[] gram = rows >= cols ? gramOfColumns(manager, w, rows, cols) : gramOfRows(manager, w, rows, cols);
            Eigen eigen = eigen(gram, k);
            return new Basis(w, rows, cols, eigen.vectors, eigen.singular);
        }
    }

    /** Applies offsets to a decomposed matrix: {@code W' = c W V diag(1 + o) V^T} (or {@code c U diag U^T W}). */
    public static Adapted adapt(Basis basis, float[] offsets) {
        Factor factor = factor(basis, offsets);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] adapted = basis.rows() >= basis.cols()
                    ? rightMultiply(manager, basis.weights(), basis.rows(), basis.cols(), factor.matrix())
                    : leftMultiply(manager, basis.weights(), basis.rows(), basis.cols(), factor.matrix());
            return new Adapted(adapted, basis.singular().clone(), factor.normalization());
        }
    }

    /**
     * The right factor of a tall matrix's adaptation, {@code c V diag(1 + o) V^T} (cols, cols), float32, so that
     * {@code W' = W F}. For the embedding this lets the model adapt only the rows it looks up (one small GEMM per
     * forward) instead of materialising a vocabulary-sized W'.
     */
    public static float[] rightFactor(Basis basis, float[] offsets) {
        if (basis.rows() < basis.cols()) {
            throw new IllegalArgumentException("a right factor needs a tall matrix, got " + basis.rows() + "x"
                    + basis.cols());
        }
        double[] m = factor(basis, offsets).matrix();
        float[] out = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = (float) m[i];
        }
        return out;
    }

    /** {@code M = c V diag(1 + o) V^T}, symmetric (k, k), and {@code c}. */
    private record Factor(double[] matrix, double normalization) {
    }

    private static Factor factor(Basis basis, float[] offsets) {
        int k = basis.rank();
        if (offsets.length != k) {
            throw new IllegalArgumentException("a " + basis.rows() + "x" + basis.cols() + " matrix takes " + k
                    + " offsets, got " + offsets.length);
        }
        double sumS = 0;
        double sumScaled = 0;
        for (int i = 0; i < k; i++) {
            sumS += basis.singular()[i];
            sumScaled += basis.singular()[i] * (1.0 + offsets[i]);
        }
        double c = sumS / sumScaled;
        // (V diag(c (1 + o))) V^T as one float64 GEMM
        double[] v = basis.vectors();
        double[] scaled = new double[k * k];
        for (int row = 0; row < k; row++) {
            for (int i = 0; i < k; i++) {
                scaled[row * k + i] = v[row * k + i] * c * (1.0 + offsets[i]);
            }
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray vs = manager.create(scaled, new Shape(k, k));
            NDArray vt = manager.create(v, new Shape(k, k)).transpose();
            return new Factor(vs.matMul(vt).toDoubleArray(), c);
        }
    }

    /** W^T W (cols, cols), accumulated over row chunks in float64. */
    private static double[] gramOfColumns(NDManager manager, float[] w, int rows, int cols) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray gram = scope.zeros(new Shape(cols, cols), DataType.FLOAT64);
            for (int start = 0; start < rows; start += CHUNK_ROWS) {
                int n = Math.min(CHUNK_ROWS, rows - start);
                try (NDManager step = scope.newSubManager()) {
                    NDArray chunk = rowsOf(step, w, start, n, cols);
                    gram.addi(chunk.transpose().matMul(chunk));
                }
            }
            return gram.toDoubleArray();
        }
    }

    /** W W^T (rows, rows) for a wide matrix. */
    private static double[] gramOfRows(NDManager manager, float[] w, int rows, int cols) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray all = rowsOf(scope, w, 0, rows, cols);
            return all.matMul(all.transpose()).toDoubleArray();
        }
    }

    /** W M for a tall W, chunk by chunk, cast to float32. */
    private static float[] rightMultiply(NDManager manager, float[] w, int rows, int cols, double[] m) {
        float[] out = new float[w.length];
        try (NDManager scope = manager.newSubManager()) {
            NDArray mat = scope.create(m, new Shape(cols, cols));
            for (int start = 0; start < rows; start += CHUNK_ROWS) {
                int n = Math.min(CHUNK_ROWS, rows - start);
                try (NDManager step = scope.newSubManager()) {
                    float[] part = rowsOf(step, w, start, n, cols).matMul(mat).toType(DataType.FLOAT32, false)
                            .toFloatArray();
                    System.arraycopy(part, 0, out, start * cols, part.length);
                }
            }
        }
        return out;
    }

    /** M W for a wide W, cast to float32. */
    private static float[] leftMultiply(NDManager manager, float[] w, int rows, int cols, double[] m) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray mat = scope.create(m, new Shape(rows, rows));
            return mat.matMul(rowsOf(scope, w, 0, rows, cols)).toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    private static NDArray rowsOf(NDManager manager, float[] w, int start, int n, int cols) {
        return manager.create(Arrays.copyOfRange(w, start * cols, (start + n) * cols), new Shape(n, cols))
                .toType(DataType.FLOAT64, false);
    }

    /** Eigenvectors (as columns of a row-major (k, k) matrix) and singular values, descending. */
    private record Eigen(double[] vectors, double[] singular) {
    }

    private static Eigen eigen(double[] gram, int k) {
        DMatrixRMaj matrix = new DMatrixRMaj(k, k, true, gram);
        EigenDecomposition_F64<DMatrixRMaj> decomposition = DecompositionFactory_DDRM.eig(k, true, true);
        if (!decomposition.decompose(matrix)) {
            throw new IllegalStateException("symmetric eigen-decomposition of a " + k + "x" + k + " Gram matrix failed");
        }
        Integer[] order = IntStream.range(0, k).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> -decomposition.getEigenvalue(i).getReal()));
        double[] vectors = new double[k * k];
        double[] singular = new double[k];
        for (int col = 0; col < k; col++) {
            int i = order[col];
            singular[col] = Math.sqrt(Math.max(0, decomposition.getEigenvalue(i).getReal()));
            DMatrixRMaj v = decomposition.getEigenVector(i);
            for (int row = 0; row < k; row++) {
                vectors[row * k + col] = v.get(row, 0);
            }
        }
        return new Eigen(vectors, singular);
    }
}
