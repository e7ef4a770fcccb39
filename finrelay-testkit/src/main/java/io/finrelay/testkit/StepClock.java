package io.finrelay.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until a test moves it. Thread-safe. */
public final class StepClock extends Clock {
    private volatile Instant now;

    public StepClock(Instant start) {
        this.now = start;
    }

    public static StepClock at(String isoInstant) {
        return new StepClock(Instant.parse(isoInstant));
    }

    public synchronized void advance(Duration step) {
        now = now.plus(step);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a StepClock is always UTC");
    }
}
