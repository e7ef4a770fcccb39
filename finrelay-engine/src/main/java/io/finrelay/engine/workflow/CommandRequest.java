package io.finrelay.engine.workflow;

import java.util.Objects;

/**
 * An outbound command a transition asks for: which connector, which operation, with what payload.
 * The engine gives it a command id (the idempotency key every attempt reuses) and writes it to the
 * outbox in the same transaction as the state change; it is never called from inside a transition.
 *
 * @param connector the connector's name, e.g. {@code "erp"}
 * @param type      the operation, e.g. {@code "post-journal"}
 * @param payload   a record that the engine serialises as JSON
 */
public record CommandRequest(String connector, String type, Object payload) {
    public CommandRequest {
        requireText(connector, "connector");
        requireText(type, "type");
        Objects.requireNonNull(payload, "payload");
    }

    static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
