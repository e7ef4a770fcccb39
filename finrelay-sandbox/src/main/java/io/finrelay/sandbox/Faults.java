package io.finrelay.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault knobs of one peer, set with {@code POST /_sandbox/faults}. Counted knobs ({@code failNext},
 * {@code throttleNext}, {@code loseNextAnswers}) hit exactly the next n business requests, so tests are
 * deterministic; rates are for the demo and soak runs.
 */
final class Faults {
    volatile long latencyMillis;
    volatile double errorRate;
    volatile double throttleRate;
    volatile int retryAfterSeconds = 1;
    volatile Instant downUntil = Instant.EPOCH;
    /** The Retry-After a peer that is down announces with its 503 (seconds); negative: none. */
    volatile int downRetryAfterSeconds = -1;
    volatile long loseAnswerMillis = 3_000;
    volatile boolean duplicateWebhooks;
    volatile boolean outOfOrderWebhooks;
    final AtomicInteger failNext = new AtomicInteger();
    final AtomicInteger throttleNext = new AtomicInteger();
    final AtomicInteger loseNextAnswers = new AtomicInteger();

    /** What the next business request meets. */
    enum Verdict { SERVE, FAIL, THROTTLE, DOWN, SERVE_THEN_LOSE_ANSWER }

    Verdict next(Clock clock) {
        if (clock.instant().isBefore(downUntil)) {
            return Verdict.DOWN;
        }
        if (take(failNext) || (errorRate > 0 && ThreadLocalRandom.current().nextDouble() < errorRate)) {
            return Verdict.FAIL;
        }
        if (take(throttleNext) || (throttleRate > 0 && ThreadLocalRandom.current().nextDouble() < throttleRate)) {
            return Verdict.THROTTLE;
        }
        return take(loseNextAnswers) ? Verdict.SERVE_THEN_LOSE_ANSWER : Verdict.SERVE;
    }

    private static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    void apply(JsonNode knobs, Clock clock) {
        if (knobs.has("latencyMillis")) latencyMillis = knobs.get("latencyMillis").asLong();
        if (knobs.has("errorRate")) errorRate = knobs.get("errorRate").asDouble();
        if (knobs.has("throttleRate")) throttleRate = knobs.get("throttleRate").asDouble();
        if (knobs.has("retryAfterSeconds")) retryAfterSeconds = knobs.get("retryAfterSeconds").asInt();
        if (knobs.has("downRetryAfterSeconds")) downRetryAfterSeconds = knobs.get("downRetryAfterSeconds").asInt();
        if (knobs.has("downForMillis")) downUntil = clock.instant().plusMillis(knobs.get("downForMillis").asLong());
        if (knobs.has("loseAnswerMillis")) loseAnswerMillis = knobs.get("loseAnswerMillis").asLong();
        if (knobs.has("duplicateWebhooks")) duplicateWebhooks = knobs.get("duplicateWebhooks").asBoolean();
        if (knobs.has("outOfOrderWebhooks")) outOfOrderWebhooks = knobs.get("outOfOrderWebhooks").asBoolean();
        if (knobs.has("failNext")) failNext.set(knobs.get("failNext").asInt());
        if (knobs.has("throttleNext")) throttleNext.set(knobs.get("throttleNext").asInt());
        if (knobs.has("loseNextAnswers")) loseNextAnswers.set(knobs.get("loseNextAnswers").asInt());
    }

    void reset() {
        latencyMillis = 0;
        errorRate = 0;
        throttleRate = 0;
        retryAfterSeconds = 1;
        downUntil = Instant.EPOCH;
        downRetryAfterSeconds = -1;
        loseAnswerMillis = 3_000;
        duplicateWebhooks = false;
        outOfOrderWebhooks = false;
        failNext.set(0);
        throttleNext.set(0);
        loseNextAnswers.set(0);
    }
}
