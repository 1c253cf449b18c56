package dev.trinity.coordinator.testing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A monotonic nanosecond clock that tests advance by hand. */
public final class ManualClock implements LongSupplier {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long getAsLong() {
        return nanos.get();
    }

    /** Advances the clock. */
    public void advanceMillis(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }
}
