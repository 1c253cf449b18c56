package dev.trinity.coordinator.qwen3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Keys and values of token prefixes already prefilled, shared by every forward of one model, so that a route of a
 * conversation that grew since its last route computes only the new tokens.
 *
 * <p>Entries are keyed by token ids, not text: Qwen's pre-tokenizer can merge the end of a transcript with what is
 * appended to it, so a new route reuses the longest common token prefix with any entry and recomputes the rest.
 * An entry that another one extends is dropped (the longer one serves every prefix of it), so a conversation that
 * keeps growing keeps one entry. Memory is bounded: entries are evicted least recently used first until the new
 * one fits, and an entry larger than the whole budget keeps only the leading tokens that fit.
 *
 * <p>Thread-safe. Forwards hold a {@link Lease} while they read an entry; an entry evicted meanwhile is freed when
 * its last lease is released.
 */
final class PrefixCache implements AutoCloseable {

    private final NDManager parent;
    private final long capacityBytes;
    private final long bytesPerToken;
    private final List<Entry> entries = new ArrayList<>(); // least recently used first
    private long usedBytes;
    private long lookups;
    private long hits;
    private long reusedTokens;
    private long computedTokens;
    private long evictions;
    private boolean closed;

    /**
     * @param parent the manager entries allocate under (the model's root)
     * @param capacityBytes the budget for all entries together
     * @param bytesPerToken keys and values of one token over every layer, in the storage dtype
     */
    PrefixCache(NDManager parent, long capacityBytes, long bytesPerToken) {
        if (capacityBytes <= 0 || bytesPerToken <= 0) {
            throw new IllegalArgumentException("a prefix cache needs a positive capacity, got " + capacityBytes);
        }
        this.parent = parent;
        this.capacityBytes = capacityBytes;
        this.bytesPerToken = bytesPerToken;
    }

    /**
     * The cached prefix to reuse for {@code ids}, at most {@code limit} tokens (a forward computes at least one
     * token itself), or a lease of length 0. Every lease must be {@link #release released}.
     */
    synchronized Lease acquire(int[] ids, int limit) {
        lookups++;
        Entry best = null;
        int bestLength = 0;
        for (Entry entry : entries) {
            int common = commonPrefix(entry.tokens, ids);
            if (common > bestLength) {
                best = entry;
                bestLength = common;
            }
        }
        int reuse = Math.min(bestLength, limit);
        if (best == null || reuse == 0) {
            return new Lease(null, 0);
        }
        hits++;
        best.users++;
        entries.remove(best);
        entries.add(best);
        return new Lease(best, reuse);
    }

    /** Ends a lease: the entry may be freed from now on. */
    synchronized void release(Lease lease) {
        Entry entry = lease.entry;
        if (entry != null && --entry.users == 0 && entry.evicted) {
            entry.manager.close();
        }
    }

    /**
     * How many leading tokens of a sequence whose first {@code tokens} tokens are computed are worth capturing: as
     * many as fit the whole budget, or none when an entry already covers those.
     */
    synchronized int capturable(int[] ids, int tokens) {
        int worth = closed ? 0 : (int) Math.min(tokens, capacityBytes / bytesPerToken);
        for (Entry entry : entries) {
            if (commonPrefix(entry.tokens, ids) >= worth) {
                return 0;
            }
        }
        return worth;
    }

    /** Counts a forward's reused and computed tokens, for {@link #stats()}. */
    synchronized void count(int reused, int computed) {
        reusedTokens += reused;
        computedTokens += computed;
    }

    /**
     * Adds the keys and values a forward captured for {@code ids[0..capture.tokens())}; the cache owns them from
     * now on. Entries it extends are dropped, then the least recently used ones until it fits.
     */
    synchronized void put(int[] ids, KvCapture capture) {
        long bytes = capture.bytes();
        if (closed || !capture.complete() || bytes > capacityBytes) {
            capture.close();
            return;
        }
        int[] tokens = Arrays.copyOf(ids, capture.tokens());
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.tokens.length <= tokens.length && commonPrefix(entry.tokens, tokens) == entry.tokens.length) {
                it.remove();
                drop(entry);
            }
        }
        while (usedBytes + bytes > capacityBytes && !entries.isEmpty()) {
            drop(entries.remove(0));
            evictions++;
        }
        NDArray[] keys = new NDArray[capture.layers()];
        NDArray[] values = new NDArray[capture.layers()];
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer] = capture.keys(layer);
            values[layer] = capture.values(layer);
        }
        entries.add(new Entry(tokens, capture.detach(), keys, values, bytes));
        usedBytes += bytes;
    }

    private void drop(Entry entry) {
        usedBytes -= entry.bytes;
        entry.evicted = true;
        if (entry.users == 0) {
            entry.manager.close();
        }
    }

    /** Frees every entry not in use now; the others are freed when released. */
    synchronized void clear() {
        for (Entry entry : entries) {
            drop(entry);
        }
        entries.clear();
    }

    /** What the cache holds and how it has served so far. */
    synchronized PrefixCacheStats stats() {
        long tokens = 0;
        for (Entry entry : entries) {
            tokens += entry.tokens.length;
        }
        return new PrefixCacheStats(capacityBytes, usedBytes, entries.size(), tokens, lookups, hits, reusedTokens,
                computedTokens, evictions);
    }

    @Override
    public synchronized void close() {
        closed = true;
        clear();
    }

    private static int commonPrefix(int[] a, int[] b) {
        int mismatch = Arrays.mismatch(a, b);
        return mismatch < 0 ? a.length : mismatch;
    }

    /** One cached prefix: its tokens and, per layer, keys and values of those tokens. */
    private static final class Entry {
        final int[] tokens;
        final NDManager manager;
        final NDArray[] keys;
        final NDArray[] values;
        final long bytes;
        int users;
        boolean evicted;

        Entry(int[] tokens, NDManager manager, NDArray[] keys, NDArray[] values, long bytes) {
            this.tokens = tokens;
            this.manager = manager;
            this.keys = keys;
            this.values = values;
            this.bytes = bytes;
        }
    }

    /** A forward's hold on an entry's first {@link #length()} tokens. */
    static final class Lease implements KvPrefix {
        private final Entry entry;
        private final int length;

        private Lease(Entry entry, int length) {
            this.entry = entry;
            this.length = length;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public NDArray keys(int layer) {
            return entry.keys[layer];
        }

        @Override
        public NDArray values(int layer) {
            return entry.values[layer];
        }
    }
}
