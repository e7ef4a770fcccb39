package io.finrelay.connectors.kafka;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.model.id.TenantId;
import java.nio.charset.StandardCharsets;

/**
 * A CloudEvents 1.0 event in its structured JSON format ({@code application/cloudevents+json}): the context
 * attributes and the data in one JSON object, as the Kafka record's value. A record serialised with the
 * engine's Jackson rather than the CloudEvents SDK: the SDK is not among the artifacts our registry serves, and
 * the structured format is these eight fields.
 *
 * @param specversion     always {@code 1.0}
 * @param id              the outbox command's id: unique per event, the same on every redelivery
 * @param source          {@code /finrelay/tenants/<tenant id>/<workflow type>}
 * @param type            e.g. {@code io.finrelay.expense.reimbursed}
 * @param subject         the business object's key (the expense report's id)
 * @param time            RFC 3339, when the transition happened
 * @param datacontenttype {@code application/json}
 * @param data            the event's data
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloudEvent(String specversion, String id, String source, String type, String subject, String time,
                         String datacontenttype, JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    /** The content type of a structured-mode record (the Kafka protocol binding's {@code content-type} header). */
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    /** The event a publish command announces. */
    static CloudEvent of(CommandEnvelope command, BusinessEvent event) {
        return new CloudEvent(SPEC_VERSION, command.idempotencyKey(), source(command.tenantId(), command.workflowType()),
                event.type(), event.subject(), event.time().toString(), "application/json",
                Json.read(Json.write(event.data()), JsonNode.class));
    }

    /** Where an event comes from: the tenant's workflow. */
    public static String source(TenantId tenant, String workflowType) {
        return "/finrelay/tenants/" + tenant + "/" + workflowType;
    }

    /**
     * The record key: tenant and business object ({@code <tenant>/<workflow type>/<business key>}), so that all
     * events of one object land in one partition, in the order they happened.
     */
    public static String key(TenantId tenant, String workflowType, String businessKey) {
        return tenant + "/" + workflowType + "/" + businessKey;
    }

    public byte[] toBytes() {
        return Json.write(this).getBytes(StandardCharsets.UTF_8);
    }
}
