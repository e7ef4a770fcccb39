package io.finrelay.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The per-user login back-off on a clock the test steps. */
class LoginThrottleTest {
    /** A clock that moves only when told. */
    private static final class SteppingClock extends Clock {
        private Instant now = Instant.parse("2026-04-17T09:30:00Z");

        void step(Duration by) {
            now = now.plus(by);
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
            return this;
        }
    }

    private final SteppingClock clock = new SteppingClock();
    private final LoginThrottle throttle = new LoginThrottle(clock, 5, Duration.ofSeconds(1), Duration.ofMinutes(15), 1000);

    @Test
    void fiveFreeFailuresThenAWaitThatDoublesWithEachFurtherFailureUpToTheMax() {
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failed("m.keller@acme-logistik.de")).isEmpty();
            assertThat(throttle.locked("m.keller@acme-logistik.de")).isEmpty();
        }
        assertThat(throttle.failed("m.keller@acme-logistik.de")).hasValueSatisfying(l -> assertThat(l.retryAfterSeconds()).isEqualTo(1));
        assertThat(throttle.locked("M.Keller@acme-logistik.de")).as("usernames compare without case").isPresent();
        long expected = 1;
        for (int i = 0; i < 12; i++) {
            clock.step(Duration.ofSeconds(expected));
            assertThat(throttle.locked("m.keller@acme-logistik.de")).as("the wait is over").isEmpty();
            expected = Math.min(expected * 2, 900);
            long wait = expected;
            assertThat(throttle.failed("m.keller@acme-logistik.de")).hasValueSatisfying(l -> assertThat(l.retryAfterSeconds()).isEqualTo(wait));
            clock.step(Duration.ofSeconds(wait - 1));
            assertThat(throttle.locked("m.keller@acme-logistik.de")).hasValueSatisfying(l -> assertThat(l.retryAfterSeconds()).isEqualTo(1));
        }
        assertThat(expected).as("capped at max-lock").isEqualTo(900);
        assertThat(throttle.locked("a.schulz@acme-logistik.de")).as("other users are not affected").isEmpty();
    }

    @Test
    void aSuccessEndsTheRunOfFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("j.brandt@acme-logistik.de");
        }
        throttle.succeeded("j.brandt@acme-logistik.de");
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failed("j.brandt@acme-logistik.de")).isEmpty();
        }
    }

    @Test
    void aLongQuietForgetsTheFailures() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("k.wolf@acme-logistik.de");
        }
        clock.step(Duration.ofMinutes(31));
        assertThat(throttle.locked("k.wolf@acme-logistik.de")).isEmpty();
        assertThat(throttle.failed("k.wolf@acme-logistik.de")).as("counting starts afresh").isEmpty();
    }
}
