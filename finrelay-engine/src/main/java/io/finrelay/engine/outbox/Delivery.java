package io.finrelay.engine.outbox;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a connector reports after trying to deliver a command. Errors are classified at the
 * boundary (DESIGN habit 9): the class decides what the dispatcher does next.
 */
public sealed interface Delivery {

    /** The peer confirmed; {@code resultJson} is its answer (e.g. its reference for the record). */
    record Done(String resultJson) implements Delivery {
        public Done {
            Objects.requireNonNull(resultJson);
        }
    }

    /** The peer did not do it and may later (5xx, 429, connection refused): retry with backoff. */
    record Transient(String reason, Optional<Duration> retryAfter) implements Delivery {
        public Transient {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(retryAfter);
        }

        public static Transient of(String reason) {
            return new Transient(reason, Optional.empty());
        }
    }

    /** The peer refused for good (validation, closed period): to the exception queue at once. */
    record Permanent(String reason) implements Delivery {
        public Permanent {
            Objects.requireNonNull(reason);
        }
    }

    /**
     * The outcome is unknown (timeout after sending, connection cut): the peer may have done it.
     * Nothing is sent again until {@link Connector#lookup} has asked the peer.
     */
    record Unknown(String reason) implements Delivery {
        public Unknown {
            Objects.requireNonNull(reason);
        }
    }
}
