package io.finrelay.connectors.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.id.TenantId;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * The outbox connectors to the expense workflow's peers over their REST APIs (the sandbox peers, or
 * real peers that speak the same documented wire format). Every command is sent with its command id
 * as Idempotency-Key; after an unknown outcome it is looked up by that key (the ERP: by the journal's
 * external reference) before anything is sent again.
 *
 * <ul>
 *   <li>{@code expense-erp}: {@code post-journal} (the canonical journal JSON of {@code JournalEntryJson}) to
 *       {@code POST /api/v1/journal-entries}; {@code clear-payable} to {@code POST /api/v1/payable-clearings}.</li>
 *   <li>{@code treasury}: {@code create-obligation} to {@code POST /api/v1/obligations};
 *       {@code release-payment} to {@code POST /api/v1/obligations/{id}/release}.</li>
 *   <li>{@code expense-platform}: {@code report-status} to
 *       {@code POST /expensereports/v4/reports/{reportId}/payment-status}; {@code card-reminder} (a card
 *       charge without an expense) to {@code POST /cardcharges/v4/users/{employeeId}/reminders}.</li>
 * </ul>
 */
public final class SandboxPeerConnector implements Connector {
    /** The ERP as the expense workflow addresses it (a Tryton or other ERP connector may be "erp"). */
    public static final String ERP = "expense-erp";
    public static final String TREASURY = "treasury";
    public static final String EXPENSE_PLATFORM = "expense-platform";

    private final String name;
    private final Function<TenantId, Optional<PeerEndpoint>> endpoints;
    private final PeerHttp http;
    private final String peer;

    /** @param endpoints the tenant's endpoint of this peer (empty: the tenant has none configured) */
    public SandboxPeerConnector(String name, Function<TenantId, Optional<PeerEndpoint>> endpoints) {
        if (!name.equals(ERP) && !name.equals(TREASURY) && !name.equals(EXPENSE_PLATFORM)) {
            throw new IllegalArgumentException("no sandbox peer named " + name);
        }
        this.name = name;
        this.endpoints = endpoints;
        this.http = new PeerHttp(name);
        this.peer = name.equals(ERP) ? "erp" : name;
    }

    @Override
    public String name() {
        return name;
    }

    /** The peer's name in the tenant's settings: erp, treasury, expense-platform. */
    public String peer() {
        return peer;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        Optional<PeerEndpoint> endpoint = endpoints.apply(command.tenantId());
        if (endpoint.isEmpty()) {
            return new Delivery.Permanent("tenant " + command.tenantId() + " has no " + peer + " endpoint configured");
        }
        JsonNode payload;
        try {
            payload = PeerHttp.JSON.readTree(command.payloadJson());
        } catch (IOException e) {
            return new Delivery.Permanent("payload is not JSON: " + e.getMessage());
        }
        Optional<String> path = path(command.type(), payload);
        if (path.isEmpty()) {
            return new Delivery.Permanent("connector " + name + " does not know command type '" + command.type() + "'");
        }
        if (path.get().contains("//")) {
            // never /api/v1/obligations//release: the reference the path needs is missing from the payload
            return new Delivery.Permanent("command " + command.type() + " lacks the reference its path needs: " + path.get());
        }
        Delivery delivery = http.post(endpoint.get(), path.get(), command.idempotencyKey(), command.payloadJson());
        return delivery instanceof Delivery.Done done ? complete(command.type(), done) : delivery;
    }

    /** What each command's answer must name, so that no later step is built on an empty reference. */
    private static Optional<String> required(String connectorAndType) {
        return Optional.ofNullable(switch (connectorAndType) {
            case "expense-erp/post-journal" -> "erpRef";
            case "treasury/create-obligation" -> "obligationId";
            default -> null;
        });
    }

    /**
     * A 2xx answer without what the command needs: the peer may have acted, but its answer cannot be
     * used, so the outcome is unknown and the engine settles it by the peer's lookup (never an empty
     * reference carried on to the next step).
     */
    private Delivery complete(String type, Delivery.Done done) {
        Optional<String> field = required(name + "/" + type);
        if (field.isEmpty()) {
            return done;
        }
        try {
            JsonNode answer = PeerHttp.JSON.readTree(done.resultJson());
            if (answer != null && !answer.path(field.get()).asText("").isBlank()) {
                return done;
            }
        } catch (IOException e) {
            // unreadable: as unusable as a missing field
        }
        return new Delivery.Unknown(peer + " answered " + type + " with success but without " + field.get()
                + "; looked up before anything is sent again");
    }

    private Optional<String> path(String type, JsonNode payload) {
        return Optional.ofNullable(switch (name + "/" + type) {
            case "expense-erp/post-journal" -> "/api/v1/journal-entries";
            case "expense-erp/clear-payable" -> "/api/v1/payable-clearings";
            case "treasury/create-obligation" -> "/api/v1/obligations";
            case "treasury/release-payment" -> "/api/v1/obligations/" + encode(payload.path("obligationId").asText())
                    + "/release";
            case "expense-platform/report-status" -> "/expensereports/v4/reports/"
                    + encode(payload.path("reportId").asText()) + "/payment-status";
            case "expense-platform/card-reminder" -> "/cardcharges/v4/users/"
                    + encode(payload.path("employeeId").asText()) + "/reminders";
            default -> null;
        });
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        Optional<PeerEndpoint> endpoint = endpoints.apply(command.tenantId());
        if (endpoint.isEmpty()) {
            return new Lookup.Unreachable("tenant " + command.tenantId() + " has no " + name + " endpoint configured");
        }
        if (name.equals(ERP) && command.type().equals("post-journal")) {
            return journalByReference(endpoint.get(), command.idempotencyKey());
        }
        return http.byIdempotencyKey(endpoint.get(), command.idempotencyKey());
    }

    /** The ERP keeps the command id as the journal's external reference: find the entry by it. */
    private Lookup journalByReference(PeerEndpoint endpoint, String reference) {
        Lookup page = http.get(endpoint, "/api/v1/journal-entries?externalReference=" + encode(reference));
        if (!(page instanceof Lookup.Found found)) {
            return page;
        }
        try {
            JsonNode items = PeerHttp.JSON.readTree(found.resultJson()).path("items");
            if (items.isEmpty()) {
                return new Lookup.NotFound();
            }
            JsonNode entry = items.get(0);
            return new Lookup.Found(PeerHttp.JSON.createObjectNode().put("erpRef", entry.path("erpRef").asText())
                    .put("number", entry.path("number").asText()).put("externalReference", reference).toString());
        } catch (IOException e) {
            return new Lookup.Unreachable("the ERP answered unreadable JSON: " + e.getMessage());
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
