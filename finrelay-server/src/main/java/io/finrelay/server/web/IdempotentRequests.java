package io.finrelay.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.inbox.Claim;
import io.finrelay.engine.inbox.Inbox;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key} for the POSTs that are not workflow events (those go through the engine's
 * own inbox). The key is claimed in the engine's inbox in the SAME transaction as the request's
 * effect, and the response is stored with it: the same key with the same request gets the first
 * response again (with {@code Idempotent-Replayed: true}), with a different request 422, and while
 * the first is still running 409. Keys never expire. A request that fails (4xx/5xx) rolls back and
 * stores nothing, so the caller may fix it and send it again under the same key.
 */
@Component
public class IdempotentRequests {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final String SOURCE = "api";

    /** A response as it is answered (live) and as it is kept for replays (stored; may leave out secrets). */
    public record Outcome(HttpStatus status, URI location, JsonNode live, JsonNode stored) {
        public static Outcome of(HttpStatus status, URI location, JsonNode body) {
            return new Outcome(status, location, body, body);
        }
    }

    @FunctionalInterface
    public interface Work {
        Outcome run(Connection connection) throws SQLException;
    }

    private final Database db;
    private final ObjectMapper json;
    private final Clock clock;
    private final Inbox inbox = new Inbox();

    public IdempotentRequests(Database db, ObjectMapper json, Clock clock) {
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Runs {@code work} in one transaction, deduplicated by the request's Idempotency-Key (if any)
     * within {@code owner} (the tenant, or for partner-level calls the partner's id).
     */
    public ResponseEntity<JsonNode> execute(TenantId owner, HttpServletRequest request, JsonNode body, Work work) {
        return execute(owner, false, request, body, work);
    }

    /**
     * As {@link #execute}, for a partner admin's work on the partner's own rows, which belong to no
     * tenant (its people): past the tenant wall, with the keys kept under the partner's id.
     */
    public ResponseEntity<JsonNode> executeForPartner(PartnerId partner, HttpServletRequest request, JsonNode body,
                                                      Work work) {
        return execute(new TenantId(partner.value()), true, request, body, work);
    }

    private ResponseEntity<JsonNode> execute(TenantId owner, boolean partnerWide, HttpServletRequest request,
                                             JsonNode body, Work work) {
        String key = request.getHeader(HEADER);
        if (key == null) {
            Outcome outcome = partnerWide ? db.inSystem(work::run) : db.inTenant(owner, work::run);
            return respond(outcome.status(), outcome.location(), outcome.live(), false);
        }
        if (key.isBlank() || key.length() > InboxKey.MAX_KEY_LENGTH) {
            throw ApiProblem.invalid(HEADER, null, "must be 1 to " + InboxKey.MAX_KEY_LENGTH + " characters");
        }
        Inbox.Entry entry = new Inbox.Entry(new InboxKey(owner, SOURCE, key), Inbox.hash(fingerprint(request, body)));
        String correlationId = Correlation.of(request);
        Database.Work<ResponseEntity<JsonNode>> claimed = c -> {
            Claim claim = inbox.claim(c, List.of(entry)).get(entry.key());
            return switch (claim) {
                case Claim.Fresh f -> {
                    Outcome outcome = work.run(c);
                    inbox.record(c, List.of(new Inbox.Outcome(entry, stored(outcome), null, correlationId,
                            clock.instant())));
                    yield respond(outcome.status(), outcome.location(), outcome.live(), false);
                }
                case Claim.Repeat r -> replay(r.firstResultJson());
                case Claim.PayloadMismatch m -> throw keyReused();
                case Claim.InFlight i -> throw keyInFlight();
            };
        };
        return partnerWide ? db.inSystem(claimed) : db.inTenant(owner, claimed);
    }

    public static ApiProblem keyReused() {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused", "Idempotency key reused",
                "this Idempotency-Key was already used with a different request");
    }

    public static ApiProblem keyInFlight() {
        return new ApiProblem(HttpStatus.CONFLICT, "idempotency-key-in-flight", "Request in progress",
                "a request with this Idempotency-Key is being processed right now; try again shortly");
    }

    private String stored(Outcome outcome) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("status", outcome.status().value());
        if (outcome.location() != null) {
            node.put("location", outcome.location().toString());
        }
        node.set("body", outcome.stored());
        return node.toString();
    }

    private ResponseEntity<JsonNode> replay(String storedJson) {
        try {
            JsonNode stored = json.readTree(storedJson);
            URI location = stored.hasNonNull("location") ? URI.create(stored.get("location").asText()) : null;
            return respond(HttpStatus.valueOf(stored.get("status").asInt()), location, stored.get("body"), true);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored response could not be read", e);
        }
    }

    private static ResponseEntity<JsonNode> respond(HttpStatus status, URI location, JsonNode body, boolean replayed) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
        if (location != null) {
            builder.location(location);
        }
        if (replayed) {
            builder.header(REPLAYED, "true");
        }
        return builder.body(body);
    }

    /** What makes two requests "the same": method, path and the body with its keys in a fixed order. */
    static String fingerprint(HttpServletRequest request, JsonNode body) {
        return request.getMethod() + " " + request.getRequestURI() + "\n" + canonical(body);
    }

    static String canonical(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "";
        }
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            StringBuilder out = new StringBuilder("{");
            for (String name : names) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(JsonNodeFactory.instance.textNode(name)).append(':').append(canonical(node.get(name)));
            }
            return out.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < node.size(); i++) {
                out.append(i > 0 ? "," : "").append(canonical(node.get(i)));
            }
            return out.append(']').toString();
        }
        return node.toString();
    }
}
