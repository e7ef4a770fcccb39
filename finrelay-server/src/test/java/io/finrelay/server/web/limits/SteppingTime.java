package io.finrelay.server.web.limits;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Time for the rate limiter that moves only when a test steps it. */
public final class SteppingTime implements TimeMeter {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    public void step(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Override
    public long currentTimeNanos() {
        return nanos.get();
    }

    @Override
    public boolean isWallClockBased() {
        return false;
    }
}
