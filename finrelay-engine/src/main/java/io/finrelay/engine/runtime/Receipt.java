package io.finrelay.engine.runtime;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.UUID;

/**
 * The answer to a delivery. The first answer for a key is stored in the inbox; a repeat delivery
 * gets it back wrapped in {@link Repeated}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Receipt.Accepted.class, name = "accepted"),
        @JsonSubTypes.Type(value = Receipt.Rejected.class, name = "rejected"),
        @JsonSubTypes.Type(value = Receipt.Failed.class, name = "failed")
})
public sealed interface Receipt {

    /** The event was applied; the instance is now in {@code state} at {@code version}. */
    record Accepted(UUID instanceId, String state, long version, boolean ended) implements Receipt {}

    /**
     * The instance's state does not accept the event; nothing changed. {@code ended}: the instance has
     * ended, so no event reaches it any more (a caller decides whether what arrived late needs a person).
     * {@code instanceId} is null when no instance had the key: the initial state refused the event and none
     * was created (an API answers that as "not found").
     */
    record Rejected(UUID instanceId, String state, String reason, boolean ended) implements Receipt {
        public Rejected(UUID instanceId, String state, String reason) {
            this(instanceId, state, reason, false);
        }
    }

    /** The transition failed unexpectedly; the event is parked in the exception queue. */
    record Failed(UUID instanceId, UUID exceptionId, String reason) implements Receipt {}

    /** The same key and payload arrived before: this is the first answer, and nothing changed now. */
    record Repeated(Receipt first) implements Receipt {}

    /** The same key arrived before with a different payload (HTTP 422). */
    record PayloadMismatch() implements Receipt {}

    /** The same key is being processed by another transaction right now (HTTP 409). */
    record InFlight() implements Receipt {}
}
