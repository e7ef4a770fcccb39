package io.finrelay.server.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.db.Database;
import io.finrelay.model.Money;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.workflows.port.ErpPort;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/** Open items from the API and the ERP: created once per id, a repeat with the same content changes nothing. */
final class OpenItems {
    private final Database db;
    private final OpenItemStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final ObjectMapper json;

    OpenItems(Database db, OpenItemStore store, AuditLog audit, Clock clock, ObjectMapper json) {
        this.db = db;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
    }

    /** What a request did: the ids created, and the ids that were there already with the same content. */
    record Created(List<String> created, List<String> unchanged) {}

    /** All or nothing: one item whose id exists with other content refuses the whole request (422 naming it). */
    Created create(TenantScope scope, List<OpenItemInput.Valid> valid, String correlation) {
        Instant now = clock.instant();
        return db.inTenant(scope.tenantId(), c -> {
            List<String> created = new ArrayList<>();
            List<String> unchanged = new ArrayList<>();
            for (OpenItemInput.Valid v : valid) {
                OpenItemInput in = v.input();
                JsonNode content = content(in, v.money());
                Optional<OpenItemStore.Row> existing = store.find(c, scope, in.id(), true);
                if (existing.isPresent()) {
                    if (!existing.get().content().equals(content)) {
                        throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "open-item-conflict", "Open item exists",
                                "open item " + in.id() + " exists with other content; an item is not changed by a repeat",
                                Map.of("id", in.id()));
                    }
                    unchanged.add(in.id());
                    continue;
                }
                store.insert(c, scope, new OpenItemStore.NewItem(in.id(), "API", in.direction(), in.legalEntity(),
                        in.counterpartyName(), in.counterpartyIban(), in.invoiceNumber(), in.creditorReference(),
                        in.endToEndId(), in.paymentRunId(), v.money(), in.dueDate(), "OPEN", null, null, null, List.of(), content),
                        scope.principal().actor(), now);
                created.add(in.id());
            }
            if (!created.isEmpty()) {
                audit.append(c, scope, "reconciliation.open-items-created", null, Map.of("ids", created), correlation);
            }
            return new Created(created, unchanged);
        });
    }

    /**
     * Pulls the ERP's open payables and receivables as open items (ids {@code ERP-<ref>}); items
     * already pulled stay as they are, and a line that is already an item Finrelay made (an order's
     * receivable booked in Tryton) is not pulled a second time.
     */
    Created pull(TenantScope scope, ErpPort erp, String correlation) {
        record Pulled(String direction, io.finrelay.workflows.port.OpenItem line) {}
        List<Pulled> open = new ArrayList<>();
        erp.payableLines(Optional.empty()).forEach(o -> open.add(new Pulled("PAYABLE", o)));
        erp.receivableLines(Optional.empty()).forEach(o -> open.add(new Pulled("RECEIVABLE", o)));
        Instant now = clock.instant();
        return db.inTenant(scope.tenantId(), c -> {
            List<String> created = new ArrayList<>();
            List<String> unchanged = new ArrayList<>();
            java.util.Set<String> own = store.ownErpRefs(c, scope);
            for (Pulled p : open) {
                io.finrelay.workflows.port.OpenItem o = p.line();
                if (!o.amount().isPositive() || own.contains(p.direction() + ":" + o.erpRef())) {
                    continue; // nothing owed, or already an item of Finrelay's own (an order's receivable on Tryton)
                }
                String id = "ERP-" + o.erpRef();
                ObjectNode content = json.createObjectNode().put("erpRef", o.erpRef()).put("party", o.partyRef())
                        .put("amount", o.amount().amount().toPlainString()).put("currency", o.amount().currencyCode());
                boolean inserted = store.insert(c, scope, new OpenItemStore.NewItem(id, "ERP", p.direction(), null,
                        o.partyName(), null, o.description(), null, null, null, o.amount(),
                        o.maturityDate().orElse(o.date()), "OPEN", o.erpRef(), null, null, List.of(), content),
                        scope.principal().actor(), now);
                (inserted ? created : unchanged).add(id);
            }
            if (!created.isEmpty()) {
                audit.append(c, scope, "reconciliation.open-items-pulled", null, Map.of("ids", created), correlation);
            }
            return new Created(created, unchanged);
        });
    }

    private JsonNode content(OpenItemInput in, Money money) {
        ObjectNode node = json.valueToTree(in);
        node.put("amount", money.amount().toPlainString());
        return node;
    }
}
