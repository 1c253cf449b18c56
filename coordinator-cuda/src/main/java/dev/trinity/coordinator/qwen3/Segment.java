package dev.trinity.coordinator.qwen3;

/**
 * One sequence of a forward pass: tokens {@code ids[0..end)}, of which the first {@code past.length()} already have
 * their keys and values computed (a prefix-cache hit) and the rest are prefilled now.
 *
 * @param ids the sequence's token ids (only {@code [0, end)} is read)
 * @param end how many tokens to run: the output is the hidden state at {@code end - 1}
 * @param past keys and values of the leading tokens, or {@link KvPrefix#NONE}
 * @param capture where to hand the keys and values of the first {@code capture.tokens()} tokens, or null
 */
record Segment(int[] ids, int end, KvPrefix past, KvCapture capture) {

    Segment {
        if (end < 1 || end > ids.length) {
            throw new IllegalArgumentException("segment end " + end + " outside 1.." + ids.length);
        }
        if (past.length() >= end) {
            throw new IllegalArgumentException("a cached prefix of " + past.length() + " tokens leaves nothing to "
                    + "compute for a segment ending at " + end);
        }
        if (capture != null && capture.tokens() > end) {
            throw new IllegalArgumentException("cannot capture " + capture.tokens() + " tokens of a segment ending at "
                    + end);
        }
    }

    /** A whole sequence up to {@code end}, nothing cached, nothing captured. */
    static Segment of(int[] ids, int end) {
        return new Segment(ids, end, KvPrefix.NONE, null);
    }

    /** The first position computed now. */
    int start() {
        return past.length();
    }

    /** The number of tokens computed now. */
    int fresh() {
        return end - past.length();
    }
}
