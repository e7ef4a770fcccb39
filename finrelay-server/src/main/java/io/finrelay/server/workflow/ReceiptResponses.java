package io.finrelay.server.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.IdempotentRequests;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * What the engine's receipt means over HTTP.
 * <ul>
 *   <li>Accepted: 202 with the instance's id, state and version; Location is the instance.</li>
 *   <li>Failed (the transition broke and the event is parked in the exception queue): also 202, with
 *       {@code outcome: "parked"} and the exception's id as Location. The event is durably taken in
 *       and an operator owns it now; a 5xx would only invite the sender to resend it.</li>
 *   <li>Rejected (the state does not take this event): 409 problem with the state and the reason.</li>
 *   <li>Repeated: the first answer again, with {@code Idempotent-Replayed: true}.</li>
 *   <li>PayloadMismatch: 422. InFlight: 409.</li>
 * </ul>
 */
@Component
public class ReceiptResponses {

    /**
     * What a workflow made of an event it took: {@code accepted} (with the instance's state, version and
     * whether it ended) or {@code parked} in the exception queue (with the exception and its reason).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventReceipt(
            @Schema(allowableValues = {"accepted", "parked"}) String outcome,
            UUID instanceId,
            @Schema(description = "the instance's state after the event (accepted)", example = "AwaitingRelease")
            String state,
            @Schema(description = "the instance's version after the event (accepted)") Long version,
            @Schema(description = "whether the workflow ended with this event (accepted)") Boolean ended,
            @Schema(description = "the exception the event is parked in (parked)") UUID exceptionId,
            @Schema(description = "why it was parked (parked)") String reason) {}

    public ResponseEntity<EventReceipt> respond(UUID tenantId, Receipt receipt, boolean replayed) {
        String base = "/v1/tenants/" + tenantId;
        return switch (receipt) {
            case Receipt.Accepted a -> accepted(new EventReceipt("accepted", a.instanceId(), a.state(), a.version(),
                    a.ended(), null, null), URI.create(base + "/workflows/instances/" + a.instanceId()), replayed);
            case Receipt.Failed f -> accepted(new EventReceipt("parked", f.instanceId(), null, null, null,
                    f.exceptionId(), f.reason()), URI.create(base + "/exceptions/" + f.exceptionId()), replayed);
            case Receipt.Rejected r -> throw new ApiProblem(HttpStatus.CONFLICT, "event-rejected", "Event rejected",
                    r.reason(), replayedMarker(ordered("instanceId", r.instanceId(), "state", r.state()), replayed));
            case Receipt.Repeated rep -> respond(tenantId, rep.first(), true);
            case Receipt.PayloadMismatch m -> throw IdempotentRequests.keyReused();
            case Receipt.InFlight i -> throw IdempotentRequests.keyInFlight();
        };
    }

    /** The body holds only what the receipt holds, so that a replay answers exactly the first answer. */
    private static ResponseEntity<EventReceipt> accepted(EventReceipt body, URI location, boolean replayed) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(HttpStatus.ACCEPTED).location(location);
        if (replayed) {
            builder.header(IdempotentRequests.REPLAYED, "true");
        }
        return builder.body(body);
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Map<String, Object> replayedMarker(Map<String, Object> fields, boolean replayed) {
        Map<String, Object> out = new LinkedHashMap<>(fields);
        if (replayed) {
            out.put("replayed", true);
        }
        return out;
    }
}
