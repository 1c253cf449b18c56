package dev.trinity.coordinator.cli.serve;

import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.route.ConversationRouter;
import dev.trinity.coordinator.route.RoutedConversation;
import dev.trinity.coordinator.route.RoutingOptions;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching: conversations submitted within {@code wait} of the first one waiting are routed together in one
 * batched forward of up to {@code maxBatch} ({@link ConversationRouter#routeAll}). One thread runs the forwards, so
 * they never compete for the cores; a batch that fails is routed again one by one, so one bad conversation (too long
 * for memory, say) fails only its own request.
 */
final class RouteBatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteBatcher.class);

    /** One conversation waiting for its route. */
    private record Pending(List<Message> messages, CompletableFuture<RoutedConversation> result) {
    }

    private static final Pending STOP = new Pending(List.of(), new CompletableFuture<>());

    private final ConversationRouter router;
    private final RoutingOptions routing;
    private final int maxBatch;
    private final long waitNanos;
    private final DistributionSummary batchSizes;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean closed;

    RouteBatcher(ConversationRouter router, RoutingOptions routing, int maxBatch, long waitMs, MeterRegistry registry) {
        this.router = router;
        this.routing = routing;
        this.maxBatch = maxBatch;
        this.waitNanos = TimeUnit.MILLISECONDS.toNanos(waitMs);
        this.batchSizes = DistributionSummary.builder("coordinator.serve.route.batch.size")
                .description("Conversations per batched forward of POST /v1/route").baseUnit("conversations")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64).register(registry);
        this.worker = new Thread(this::loop, "route-batcher");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /**
     * Queues conversations; each future completes with its route or fails with what went wrong.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    List<CompletableFuture<RoutedConversation>> submit(List<List<Message>> conversations) {
        if (closed) {
            throw new IllegalStateException("the server is shutting down");
        }
        List<CompletableFuture<RoutedConversation>> futures = new ArrayList<>(conversations.size());
        for (List<Message> messages : conversations) {
            Pending pending = new Pending(messages, new CompletableFuture<>());
            futures.add(pending.result());
            queue.add(pending);
        }
        return futures;
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (true) {
            batch.clear();
            try {
                Pending first = queue.take();
                if (first == STOP) {
                    return;
                }
                batch.add(first);
                long deadline = System.nanoTime() + waitNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (next == STOP) {
                        queue.add(STOP); // route what is taken, then stop
                        break;
                    }
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                batch.forEach(p -> p.result().completeExceptionally(e));
                Thread.currentThread().interrupt();
                return;
            }
            route(batch);
        }
    }

    private void route(List<Pending> batch) {
        batchSizes.record(batch.size());
        try {
            List<RoutedConversation> routed = router.routeAll(batch.stream().map(Pending::messages).toList(),
                    routing);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(routed.get(i));
            }
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(batchFailure);
                return;
            }
            LOG.debug("a batch of {} failed ({}); routing its conversations one by one", batch.size(),
                    batchFailure.getMessage());
            for (Pending pending : batch) {
                try {
                    pending.result().complete(router.route(pending.messages(), routing));
                } catch (RuntimeException e) {
                    pending.result().completeExceptionally(e);
                }
            }
        }
    }

    /** Refuses new conversations, routes those already queued, and stops the thread (waits up to {@code ms}). */
    void close(long ms) {
        closed = true;
        queue.add(STOP);
        try {
            worker.join(Math.max(1, ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending left = queue.poll(); left != null; left = queue.poll()) {
            left.result().completeExceptionally(new IllegalStateException("the server is shutting down"));
        }
    }

    @Override
    public void close() {
        close(30_000);
    }
}
