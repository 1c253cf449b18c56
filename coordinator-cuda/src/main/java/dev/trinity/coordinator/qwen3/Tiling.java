package dev.trinity.coordinator.qwen3;

/**
 * How a forward bounds its working memory on long inputs.
 *
 * @param rowChunk rows per projection and MLP chunk: longer inputs run their GEMMs this many rows at a time
 * @param scoreBlockBytes the most bytes one attention score block may take: longer contexts split their query rows
 *     into blocks under it
 */
record Tiling(int rowChunk, long scoreBlockBytes) {

    /** Large enough that router-length prompts run as one chunk and one block, small enough to bound memory. */
    static final Tiling DEFAULT = new Tiling(1024, 32L << 20);

    Tiling {
        if (rowChunk < 1 || scoreBlockBytes < 1) {
            throw new IllegalArgumentException("tiling sizes must be positive");
        }
    }
}
