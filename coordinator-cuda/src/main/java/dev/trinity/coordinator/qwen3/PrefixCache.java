package dev.trinity.coordinator.qwen3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Keys and values of token prefixes already prefilled, shared by every forward of one model, so that a route of a
 * conversation that grew since its last route computes only the new tokens.
 *
 * <p>Entries are keyed by token ids, not text: Qwen's pre-tokenizer can merge the end of a transcript with what is
 * appended to it, so a new route reuses the longest common token prefix with any entry and recomputes the rest.
 *
 * <p>Entries form a tree, like a radix cache: an entry holds the keys and values of its own tokens only and links
 * to the entry whose leading tokens it extends. A conversation that grows by one answer per turn therefore holds each
 * token once (a turn adds a child with that turn's tokens), not a copy of the whole transcript per turn. A link that
 * would use less than half of its parent's own tokens copies those instead, so an edited conversation never pins a
 * large entry for a few tokens.
 *
 * <p>Memory is bounded: entries without children are evicted least recently used first until a new one fits, and a
 * chain longer than the whole budget keeps only the leading tokens that fit. Thread-safe; forwards hold a
 * {@link Lease} on what they read, and an evicted entry is freed when nothing reads or extends it any more.
 */
final class PrefixCache implements AutoCloseable {

    private final long capacityBytes;
    private final long bytesPerToken;
    private final List<Node> nodes = new ArrayList<>(); // least recently used first
    private long usedBytes;
    private long lookups;
    private long hits;
    private long reusedTokens;
    private long computedTokens;
    private long evictions;
    private boolean closed;

    /**
     * @param capacityBytes the budget for all entries together
     * @param bytesPerToken keys and values of one token over every layer, in the storage dtype
     */
    PrefixCache(long capacityBytes, long bytesPerToken) {
        if (capacityBytes <= 0 || bytesPerToken <= 0) {
            throw new IllegalArgumentException("a prefix cache needs a positive capacity, got " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
        this.bytesPerToken = bytesPerToken;
    }

    /**
     * The cached prefix to reuse for {@code ids}, at most {@code limit} tokens (a forward computes at least one
     * token itself), and where a capture of the sequence's first {@code end} tokens would link into the tree. Every
     * lease must be {@link #release released}.
     */
    synchronized Lease acquire(int[] ids, int limit, int end) {
        lookups++;
        Node best = null;
        int bestLength = 0;
        for (Node node : nodes) {
            int common = commonPrefix(node.tokens, ids);
            if (common > bestLength) {
                best = node;
                bestLength = common;
            }
        }
        int reuse = Math.min(bestLength, limit);
        if (best != null && reuse > 0) {
            hits++;
            best.refs++;
            nodes.remove(best);
            nodes.add(best);
        } else {
            best = null;
            reuse = 0;
        }
        int worth = closed ? 0 : (int) Math.min(end, capacityBytes / bytesPerToken);
        boolean covered = bestLength >= worth;
        return new Lease(best, reuse, covered ? null : linkPoint(best, reuse), covered ? 0 : worth);
    }

    /**
     * Where a new entry that reuses {@code reuse} tokens of {@code node}'s chain attaches: to the node holding
     * token {@code reuse - 1} when the new entry uses at least half of that node's own tokens, else to its parent
     * (the new entry then copies the few tokens it uses).
     */
    private static Link linkPoint(Node node, int reuse) {
        Node holder = node;
        while (holder != null && holder.start >= reuse) {
            holder = holder.parent;
        }
        if (holder == null) {
            return new Link(null, 0);
        }
        if (reuse - holder.start >= (holder.end() - holder.start + 1) / 2) {
            return new Link(holder, reuse);
        }
        return new Link(holder.parent, holder.start);
    }

    /** Ends a lease: what it read may be freed from now on. */
    synchronized void release(Lease lease) {
        if (lease.node != null) {
            unref(lease.node);
        }
    }

    /** Counts a forward's reused and computed tokens, for {@link #stats()}. */
    synchronized void count(int reused, int computed) {
        reusedTokens += reused;
        computedTokens += computed;
    }

    /**
     * Adds the keys and values a forward captured for {@code ids[capture.from()..capture.tokens())}, linked to the
     * lease's link point; the cache owns them from now on. Least recently used entries without children are evicted
     * until it fits.
     */
    synchronized void put(int[] ids, Lease lease, KvCapture capture) {
        long bytes = capture.bytes();
        Node link = lease.link == null ? null : lease.link.node;
        if (closed || !capture.complete() || (link != null && link.evicted)) {
            capture.close();
            return;
        }
        if (link != null) {
            link.refs++; // held while evicting, so the chain the new entry extends stays
        }
        evictUntil(capacityBytes - bytes);
        if (usedBytes + bytes > capacityBytes) {
            if (link != null) {
                unref(link);
            }
            capture.close();
            return;
        }
        NDArray[] keys = new NDArray[capture.layers()];
        NDArray[] values = new NDArray[capture.layers()];
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer] = capture.keys(layer);
            values[layer] = capture.values(layer);
        }
        Node node = new Node(Arrays.copyOf(ids, capture.tokens()), capture.from(), link, capture.detach(), keys,
                values, bytes);
        nodes.add(node);
        usedBytes += bytes;
    }

    private void evictUntil(long budget) {
        boolean evicted = true;
        while (usedBytes > budget && evicted) {
            evicted = false;
            for (Node node : nodes) {
                if (node.refs == 0) {
                    drop(node);
                    evictions++;
                    evicted = true;
                    break;
                }
            }
        }
    }

    /** Removes a node from the cache; its memory is freed once nothing reads or extends it. */
    private void drop(Node node) {
        nodes.remove(node);
        usedBytes -= node.bytes;
        node.evicted = true;
        if (node.refs == 0) {
            free(node);
        }
    }

    private void unref(Node node) {
        if (--node.refs == 0 && node.evicted) {
            free(node);
        }
    }

    private void free(Node node) {
        node.manager.close();
        if (node.parent != null) {
            unref(node.parent);
        }
    }

    /** Evicts every entry; entries still read by a forward are freed when it ends. */
    synchronized void clear() {
        for (Node node : new ArrayList<>(nodes)) {
            drop(node);
        }
    }

    /** What the cache holds and how it has served so far. */
    synchronized PrefixCacheStats stats() {
        long tokens = 0;
        for (Node node : nodes) {
            tokens += node.end() - node.start;
        }
        return new PrefixCacheStats(capacityBytes, usedBytes, nodes.size(), tokens, lookups, hits, reusedTokens,
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

    /**
     * One entry: the token ids of its whole prefix (for matching), and keys and values of its own tokens
     * {@code [start, tokens.length)}; the tokens before {@code start} are its parent chain's.
     */
    private static final class Node {
        final int[] tokens;
        final int start;
        final Node parent;
        final NDManager manager;
        final NDArray[] keys;
        final NDArray[] values;
        final long bytes;
        /** Leases reading it plus entries linked to it. */
        int refs;
        boolean evicted;

        Node(int[] tokens, int start, Node parent, NDManager manager, NDArray[] keys, NDArray[] values, long bytes) {
            this.tokens = tokens;
            this.start = start;
            this.parent = parent;
            this.manager = manager;
            this.keys = keys;
            this.values = values;
            this.bytes = bytes;
        }

        int end() {
            return tokens.length;
        }
    }

    /** Where a new entry attaches: its parent and how many tokens of the parent's chain it uses. */
    private record Link(Node node, int length) {
    }

    /**
     * A forward's hold on a cached prefix of {@link #length()} tokens, and what it may capture: tokens
     * {@link #captureFrom()}..{@link #captureTo()} (none when {@code captureTo() <= captureFrom()}).
     */
    static final class Lease implements KvPrefix {
        private final Node node;
        private final int length;
        private final Link link;
        private final int captureTo;

        private Lease(Node node, int length, Link link, int captureTo) {
            this.node = node;
            this.length = length;
            this.link = link;
            this.captureTo = captureTo;
        }

        /** The first token a new entry would hold itself (the tokens before come from its link). */
        int captureFrom() {
            return link == null ? 0 : link.length();
        }

        /** The end of the tokens worth capturing; 0 when the cache already holds them or has no room. */
        int captureTo() {
            return captureTo;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public List<NDArray> keys(int layer) {
            return blocks(layer, true);
        }

        @Override
        public List<NDArray> values(int layer) {
            return blocks(layer, false);
        }

        /** New views of the chain's arrays covering tokens [0, length), first token first. */
        private List<NDArray> blocks(int layer, boolean keys) {
            Deque<NDArray> out = new ArrayDeque<>();
            int end = length;
            for (Node n = node; n != null && end > 0; n = n.parent) {
                if (n.start < end) {
                    NDArray own = keys ? n.keys[layer] : n.values[layer];
                    out.addFirst(own.get(new NDIndex(":{}", end - n.start)));
                    end = n.start;
                }
            }
            return new ArrayList<>(out);
        }
    }
}
