package io.finrelay.engine.inbox;

/** What the inbox says of a key that is about to be processed. */
public sealed interface Claim {
    /** Not seen before: process it, then {@link Inbox#record} its result in the same transaction. */
    record Fresh() implements Claim {}

    /** Seen before with the same payload: answer with the first result and change nothing. */
    record Repeat(String firstResultJson) implements Claim {}

    /** Seen before with a different payload: refuse (HTTP 422). */
    record PayloadMismatch() implements Claim {}

    /** Another transaction is processing the same key right now: refuse for now (HTTP 409). */
    record InFlight() implements Claim {}
}
