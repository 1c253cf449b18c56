package dev.trinity.coordinator.qwen3;

/**
 * How a forward bounds its working memory on long inputs.
 *
 * @param rowChunk rows per projection and MLP chunk: longer inputs run their GEMMs this many rows at a time
 * @param scoreBlockBytes the most bytes one attention score block may take: longer contexts split their query rows
 *     into blocks under it
 */
record Tiling(int rowChunk, long scoreBlockBytes) {

    /**
     * Large enough that router-length prompts run as one chunk and one block, small enough to bound memory. Measured
     * at 4,096 tokens of the 0.6B shape (docs/performance.md): peak RSS 2.68 GB against 3.04 GB with 1,024 rows and
     * 32 MB blocks, for about 5 % more time.
     */
    static final Tiling DEFAULT = new Tiling(512, 16L << 20);

    Tiling {
        if (rowChunk < 1 || scoreBlockBytes < 1) {
            throw new IllegalArgumentException("tiling sizes must be positive");
        }
    }
}
