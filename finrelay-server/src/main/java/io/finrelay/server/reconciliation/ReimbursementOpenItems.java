package io.finrelay.server.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.Money;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.TenantScope;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Finrelay's own reimbursement payments as open items: every payment it sends is an expected debit.
 * The ONE place that knows the treasury commands of the expense workflow: it wraps the treasury
 * connector, so the expense workflow's decisions stay as they are. When an obligation is created, its
 * payment is recorded as an item AWAITING_RELEASE (payee, amount, end-to-end id = the report id the
 * treasury puts on the payment); once the release is confirmed by the treasury (or found there after
 * a lost answer) the item is OPEN, with who released it (they may not confirm its match). Both writes
 * are idempotent, and both happen before the engine records the command's outcome, so a crash in
 * between repeats them harmlessly.
 */
final class ReimbursementOpenItems implements Connector {
    static final String CREATE_OBLIGATION = "create-obligation";
    static final String RELEASE_PAYMENT = "release-payment";

    private final Connector treasury;
    private final Supplier<Database> db;
    private final Supplier<Access> access;
    private final Supplier<OpenItemStore> items;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    ReimbursementOpenItems(Connector treasury, Supplier<Database> db, Supplier<Access> access,
                           Supplier<OpenItemStore> items, Clock clock) {
        this.treasury = treasury;
        this.db = db;
        this.access = access;
        this.items = items;
        this.clock = clock;
    }

    @Override
    public String name() {
        return treasury.name();
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        if (CREATE_OBLIGATION.equals(command.type())) {
            expect(command);
        }
        Delivery delivery = treasury.deliver(command);
        if (RELEASE_PAYMENT.equals(command.type()) && delivery instanceof Delivery.Done) {
            released(command);
        }
        return delivery;
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        Lookup lookup = treasury.lookup(command);
        if (RELEASE_PAYMENT.equals(command.type()) && lookup instanceof Lookup.Found) {
            released(command);
        }
        return lookup;
    }

    private void expect(CommandEnvelope command) {
        JsonNode o = read(command.payloadJson());
        if (o == null || !o.hasNonNull("obligationId") || !o.hasNonNull("amount") || !o.hasNonNull("currency")) {
            return;
        }
        Money amount = Money.of(o.get("amount").asText(), o.get("currency").asText());
        if (!amount.isPositive()) {
            return;
        }
        String obligation = o.get("obligationId").asText();
        String report = o.path("reportId").asText(null);
        JsonNode payee = o.path("payee");
        LocalDate due = o.hasNonNull("requestedDate") ? LocalDate.parse(o.get("requestedDate").asText()) : null;
        TenantScope scope = access.get().configured(command.tenantId(), "reconciliation");
        db.get().inTenant(command.tenantId(), c -> items.get().insert(c, scope, new OpenItemStore.NewItem(
                itemId(obligation), "FINRELAY", "PAYABLE", o.path("legalEntityId").asText(null),
                payee.path("name").asText(null), payee.path("iban").asText(null), null, null, report, null, amount, due,
                "AWAITING_RELEASE", null, report, obligation, List.of(), o), "engine", clock.instant()));
    }

    private void released(CommandEnvelope command) {
        JsonNode r = read(command.payloadJson());
        if (r == null || !r.hasNonNull("obligationId")) {
            return;
        }
        List<String> by = new ArrayList<>();
        r.path("releasedBy").forEach(n -> by.add(n.asText()));
        TenantScope scope = access.get().configured(command.tenantId(), "reconciliation");
        db.get().inTenant(command.tenantId(), c -> items.get().released(c, scope, itemId(r.get("obligationId").asText()), by));
    }

    /** The open item of a reimbursement's payment, named after its obligation. */
    static String itemId(String obligationId) {
        return "REIMB-" + obligationId;
    }

    private JsonNode read(String payload) {
        try {
            return json.readTree(payload);
        } catch (IOException e) {
            return null;
        }
    }
}
