package io.finrelay.engine.outbox;

import java.util.Objects;

/** The peer's answer to "do you have a record for this command id?". */
public sealed interface Lookup {
    /** It does: the command took effect; {@code resultJson} is the record as the peer has it. */
    record Found(String resultJson) implements Lookup {
        public Found {
            Objects.requireNonNull(resultJson);
        }
    }

    /** It does not: sending the command (again) is safe. */
    record NotFound() implements Lookup {}

    /** It could not be asked: ask again later, still without sending. */
    record Unreachable(String reason) implements Lookup {
        public Unreachable {
            Objects.requireNonNull(reason);
        }
    }
}
