package io.finrelay.engine.runtime;

import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.model.id.TenantId;
import java.util.Objects;

/**
 * One delivery to one workflow instance, addressed by business key: the instance of
 * {@code workflowType} for {@code businessKey} in the key's tenant is created by its first event.
 *
 * @param key           deduplication key: a second delivery of it changes nothing
 * @param workflowType  e.g. {@code "expense-reimbursement"}
 * @param businessKey   the business object, e.g. the expense report's id at its source
 * @param input         what is delivered
 * @param correlationId carried into every audit record, command and timer of the instance
 * @param actor         who sent it: an API client, a webhook source, {@code "engine"}
 * @param traceParent   the W3C traceparent of the work that caused it (see {@link io.finrelay.engine.EngineTracing}),
 *                      or null: then the engine takes the one current on the submitting thread, if any
 */
public record InboundEvent(InboxKey key, String workflowType, String businessKey, Input input,
                           String correlationId, String actor, String traceParent) {
    public InboundEvent(InboxKey key, String workflowType, String businessKey, Input input, String correlationId,
                        String actor) {
        this(key, workflowType, businessKey, input, correlationId, actor, null);
    }

    public InboundEvent {
        Objects.requireNonNull(key, "key");
        requireText(workflowType, "workflowType");
        requireText(businessKey, "businessKey");
        Objects.requireNonNull(input, "input");
        requireText(correlationId, "correlationId");
        requireText(actor, "actor");
    }

    /** This event as caused by the work whose traceparent this is. */
    public InboundEvent withTraceParent(String value) {
        return new InboundEvent(key, workflowType, businessKey, input, correlationId, actor, value);
    }

    public TenantId tenantId() {
        return key.tenantId();
    }

    InstanceRef instanceRef() {
        return new InstanceRef(key.tenantId(), workflowType, businessKey);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
