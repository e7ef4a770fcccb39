package io.finrelay.workflows.port;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.workflow.PayloadCodec;
import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.CostCenterCode;
import io.finrelay.model.id.JournalEntryId;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.model.ledger.JournalLine;
import io.finrelay.model.ledger.PartyRef;
import io.finrelay.model.ledger.Side;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A canonical {@link JournalEntry} as the JSON of {@code journal-entry.schema.json}: the payload of a
 * {@code post-journal} command ({@link #CODEC}, named by its command type). Amounts travel as strings
 * (never JSON numbers) and come back exact. Written here, not by annotations: the model's records know no
 * JSON library.
 */
public final class JournalEntryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The command payload's codec: the outbox stores {@link #tree}, a connector gets the entry back from {@link #read}. */
    public static final PayloadCodec<JournalEntry> CODEC = new PayloadCodec<>() {
        @Override
        public Object stored(JournalEntry entry) {
            return tree(entry);
        }

        @Override
        public JournalEntry read(String json) {
            return JournalEntryJson.read(json);
        }
    };

    private JournalEntryJson() {}

    public static String write(JournalEntry entry) {
        return tree(entry).toString();
    }

    /** The same as a JSON tree, for a command payload (written once, by the outbox). */
    public static ObjectNode tree(JournalEntry entry) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("id", entry.id().toString());
        root.put("tenantId", entry.tenantId().toString());
        root.put("legalEntityId", entry.legalEntityId().toString());
        root.put("bookingDate", entry.bookingDate().toString());
        root.put("description", entry.description());
        ArrayNode lines = root.putArray("lines");
        for (JournalLine line : entry.lines()) {
            ObjectNode l = lines.addObject();
            l.put("account", line.account().value());
            l.put("side", line.side().name());
            ObjectNode amount = l.putObject("amount");
            amount.put("amount", line.amount().amount().toPlainString());
            amount.put("currency", line.amount().currencyCode());
            line.costCenter().ifPresent(cc -> l.put("costCenter", cc.value()));
            if (!line.memo().isEmpty()) {
                l.put("memo", line.memo());
            }
            line.party().ifPresent(p -> l.putObject("party").put("kind", p.kind().name()).put("id", p.id())
                    .put("name", p.name()));
        }
        return root;
    }

    /** Parses and validates; a broken payload is a {@link ValidationException} naming the field. */
    public static JournalEntry read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new ValidationException("payload", json, "not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ValidationException("payload", json, "not a JSON object");
        }
        List<JournalLine> lines = new ArrayList<>();
        JsonNode linesNode = root.path("lines");
        for (int i = 0; i < linesNode.size(); i++) {
            JsonNode l = linesNode.get(i);
            String side = text(l, "side", "lines[" + i + "].side");
            Side s;
            try {
                s = Side.valueOf(side);
            } catch (IllegalArgumentException e) {
                throw new ValidationException("lines[" + i + "].side", side, "must be DEBIT or CREDIT");
            }
            JsonNode amount = l.path("amount");
            lines.add(new JournalLine(AccountCode.of(text(l, "account", "lines[" + i + "].account")), s,
                    Money.of(text(amount, "amount", "lines[" + i + "].amount.amount"),
                            text(amount, "currency", "lines[" + i + "].amount.currency")),
                    l.hasNonNull("costCenter") ? Optional.of(new CostCenterCode(l.get("costCenter").asText()))
                            : Optional.empty(),
                    l.path("memo").asText(""), party(l.get("party"), "lines[" + i + "].party")));
        }
        LocalDate date;
        String dateText = text(root, "bookingDate", "bookingDate");
        try {
            date = LocalDate.parse(dateText);
        } catch (DateTimeParseException e) {
            throw new ValidationException("bookingDate", dateText, "not an ISO-8601 date");
        }
        return new JournalEntry(JournalEntryId.of(text(root, "id", "id")), TenantId.of(text(root, "tenantId", "tenantId")),
                LegalEntityId.of(text(root, "legalEntityId", "legalEntityId")), date,
                text(root, "description", "description"), lines);
    }

    private static Optional<PartyRef> party(JsonNode party, String field) {
        if (party == null || party.isNull()) {
            return Optional.empty();
        }
        String kind = text(party, "kind", field + ".kind");
        try {
            return Optional.of(new PartyRef(PartyRef.Kind.valueOf(kind), text(party, "id", field + ".id"),
                    text(party, "name", field + ".name")));
        } catch (IllegalArgumentException e) {
            if (e instanceof ValidationException v) {
                throw new ValidationException(field + "." + v.field().replaceFirst("^party\\.", ""), v.rejectedValue(),
                        v.reason());
            }
            throw new ValidationException(field + ".kind", kind, "must be EMPLOYEE, VENDOR or CUSTOMER");
        }
    }

    private static String text(JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw new ValidationException(field, value == null ? null : value.toString(), "is required as a string");
        }
        return value.asText();
    }
}
