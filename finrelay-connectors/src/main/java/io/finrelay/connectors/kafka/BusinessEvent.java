package io.finrelay.connectors.kafka;

import io.finrelay.engine.workflow.CommandType;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A business event to announce on the tenant's event stream (an expense report reimbursed, an invoice
 * approved): the payload of a {@link #PUBLISH} command, written to the outbox in the transaction of the
 * transition that caused it. The event's id is not here: it is the command's id, the same on every attempt,
 * so that a redelivery carries the same CloudEvents {@code id}.
 *
 * @param type    the CloudEvents type, e.g. {@code io.finrelay.expense.reimbursed}
 * @param subject the business object's key within its kind (the report id, the invoice id)
 * @param time    when the transition happened (the engine's clock)
 * @param data    what a consumer needs to know, chosen field by field (never a bank account)
 */
public record BusinessEvent(String type, String subject, Instant time, Map<String, Object> data) {

    /** The outbox command that publishes one business event; its outcome is none of the workflow's business. */
    public static final CommandType<BusinessEvent> PUBLISH =
            new CommandType<>(KafkaEventConnector.NAME, "publish-event", BusinessEvent.class);

    public BusinessEvent {
        if (type == null || !type.matches("io\\.finrelay(\\.[a-z][a-z0-9-]*)+")) {
            throw new IllegalArgumentException("type must be io.finrelay.<kind>.<event> in lower case: " + type);
        }
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank");
        }
        Objects.requireNonNull(time, "time");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(data, "data")));
    }
}
