package io.finrelay.server.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.server.web.ApiProblem;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An open item as the API receives it. {@link #parseAll} checks a whole array and names every bad
 * field with its index ({@code [2].amount}); nothing is stored unless every item is valid.
 */
public record OpenItemInput(
        @Schema(description = "the item's id in the ERP", example = "AR-2026-004711") String id,
        @Schema(allowableValues = {"RECEIVABLE", "PAYABLE"}) String direction,
        @Schema(example = "ACME-DE") String legalEntity,
        @Schema(example = "Nordwind Spedition GmbH") String counterpartyName,
        @Schema(example = "DE89370400440532013000") String counterpartyIban,
        @Schema(example = "RE-2026-1187") String invoiceNumber,
        @Schema(description = "an ISO 11649 RF reference", example = "RF18539007547034") String creditorReference,
        String endToEndId, String paymentRunId,
        @Schema(description = "the open amount: a decimal with at most the currency's minor digits, no exponent",
                example = "\"2380.00\"") String amount,
        @Schema(example = "EUR") String currency,
        LocalDate dueDate) {
    static final int MAX_ITEMS = 1000;
    private static final Set<String> DIRECTIONS = Set.of("RECEIVABLE", "PAYABLE");

    /** The valid item: the amount as the currency's money. */
    public record Valid(OpenItemInput input, Money money) {}

    static List<Valid> parseAll(JsonNode body, ObjectMapper json) {
        if (body == null || !body.isArray()) {
            throw ApiProblem.invalid("body", null, "must be a JSON array of open items");
        }
        if (body.isEmpty() || body.size() > MAX_ITEMS) {
            throw ApiProblem.invalid("body", body.size(), "must hold 1 to " + MAX_ITEMS + " open items");
        }
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        List<Valid> valid = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < body.size(); i++) {
            String at = "[" + i + "].";
            JsonNode node = body.get(i);
            if (!node.isObject()) {
                errors.add(new ApiProblem.FieldError("[" + i + "]", null, "must be an object"));
                continue;
            }
            if (node.hasNonNull("dueDate")) {
                try {
                    LocalDate.parse(node.get("dueDate").asText());
                } catch (DateTimeParseException e) {
                    errors.add(new ApiProblem.FieldError(at + "dueDate", node.get("dueDate").asText(), "must be an ISO date (2026-03-31)"));
                    continue;
                }
            }
            JsonNode amountNode = node.get("amount");
            if (amountNode != null && amountNode.isNumber()) {
                errors.add(new ApiProblem.FieldError(at + "amount", amountNode.asText(), "must be a decimal string such as \"1234.50\""));
                continue;
            }
            OpenItemInput item;
            try {
                item = json.convertValue(node, OpenItemInput.class);
            } catch (IllegalArgumentException e) {
                errors.add(new ApiProblem.FieldError("[" + i + "]", null, "unreadable: " + rootMessage(e)));
                continue;
            }
            int before = errors.size();
            text(errors, at + "id", item.id(), 100, true);
            if (item.id() != null && !ids.add(item.id())) {
                errors.add(new ApiProblem.FieldError(at + "id", item.id(), "appears twice in this request"));
            }
            if (item.direction() == null || !DIRECTIONS.contains(item.direction())) {
                errors.add(new ApiProblem.FieldError(at + "direction", item.direction(), "must be RECEIVABLE or PAYABLE"));
            }
            text(errors, at + "legalEntity", item.legalEntity(), 100, false);
            text(errors, at + "counterpartyName", item.counterpartyName(), 200, false);
            text(errors, at + "counterpartyIban", item.counterpartyIban(), 34, false);
            text(errors, at + "invoiceNumber", item.invoiceNumber(), 100, false);
            text(errors, at + "creditorReference", item.creditorReference(), 35, false);
            text(errors, at + "endToEndId", item.endToEndId(), 35, false);
            text(errors, at + "paymentRunId", item.paymentRunId(), 35, false);
            Money money = null;
            if (item.currency() == null || !item.currency().matches("[A-Z]{3}")) {
                errors.add(new ApiProblem.FieldError(at + "currency", item.currency(), "must be an ISO 4217 code such as EUR"));
            } else if (item.amount() == null || !item.amount().matches("\\d{1,15}(\\.\\d{1,6})?")) {
                errors.add(new ApiProblem.FieldError(at + "amount", item.amount(),
                        "must be a positive decimal string such as \"1234.50\" (no exponent, no sign)"));
            } else {
                try {
                    money = Money.of(item.amount(), item.currency());
                    if (!money.isPositive()) {
                        errors.add(new ApiProblem.FieldError(at + "amount", item.amount(), "must be positive"));
                    }
                } catch (ValidationException e) {
                    errors.add(new ApiProblem.FieldError(at + e.field(), e.rejectedValue(), e.reason()));
                } catch (IllegalArgumentException e) {
                    errors.add(new ApiProblem.FieldError(at + "currency", item.currency(), "is not a known currency"));
                }
            }
            if (errors.size() == before) {
                valid.add(new Valid(item, money));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return valid;
    }

    private static void text(List<ApiProblem.FieldError> errors, String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new ApiProblem.FieldError(field, value, "is required"));
            }
        } else if (value.length() > max) {
            errors.add(new ApiProblem.FieldError(field, value.substring(0, 20) + "...", "must be at most " + max + " characters"));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage());
        int cut = m.indexOf('\n');
        return cut < 0 ? m : m.substring(0, cut);
    }
}
