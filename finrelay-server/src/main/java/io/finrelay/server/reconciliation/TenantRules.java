package io.finrelay.server.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.reconciliation.Rule;
import io.finrelay.server.web.ApiProblem;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A tenant's rules for noise (fees, interest, taxes) as the API gives them: an ordered list, tried in
 * that order.
 *
 * <pre>[{"name":"bank fees","bankTransactionCode":"PMNT-MCOP-CHRG","textPattern":null,"counterparty":null,
 *   "direction":"DEBIT","glAccount":"6855","costCenter":"CC-100"}]</pre>
 */
public final class TenantRules {
    private TenantRules() {}

    /** A rule: a statement line it fits (all given conditions) is booked to the GL account, not matched. */
    public record RuleInput(
            @Schema(example = "bank fees") String name,
            @Schema(description = "ISO bank transaction code, domain-family-subfamily", example = "PMNT-MCOP-CHRG")
            String bankTransactionCode,
            @Schema(description = "a regular expression the remittance text must contain") String textPattern,
            String counterparty,
            @Schema(allowableValues = {"CREDIT", "DEBIT"}) String direction,
            @Schema(example = "\"6855\"") String glAccount,
            @Schema(example = "CC-100") String costCenter) {}

    static List<Rule> of(JsonNode stored, ObjectMapper json) {
        List<Rule> rules = new ArrayList<>();
        if (stored == null) {
            return rules;
        }
        int order = 0;
        for (JsonNode node : stored) {
            RuleInput r = json.convertValue(node, RuleInput.class);
            rules.add(new Rule(++order, r.name(), r.bankTransactionCode(), r.textPattern(), r.counterparty(),
                    r.direction() == null ? null : BankStatementLine.Direction.valueOf(r.direction()), r.glAccount(),
                    r.costCenter()));
        }
        return rules;
    }

    /** Checks a request body; 400 naming the field ({@code [1].textPattern}) when a rule is not valid. */
    static List<RuleInput> parse(JsonNode body, ObjectMapper json) {
        if (body == null || !body.isArray() || body.size() > 200) {
            throw ApiProblem.invalid("body", null, "must be a JSON array of at most 200 rules");
        }
        List<RuleInput> rules = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            String at = "[" + i + "].";
            RuleInput r;
            try {
                r = json.convertValue(body.get(i), RuleInput.class);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid("[" + i + "]", null, "unreadable rule: " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (r.name() == null || r.name().isBlank()) {
                throw ApiProblem.invalid(at + "name", r.name(), "is required");
            }
            if (r.glAccount() == null || r.glAccount().isBlank()) {
                throw ApiProblem.invalid(at + "glAccount", r.glAccount(), "is required");
            }
            if (r.bankTransactionCode() == null && r.textPattern() == null && r.counterparty() == null) {
                throw ApiProblem.invalid(at + "bankTransactionCode", null,
                        "a rule needs a bank transaction code, a text pattern or a counterparty");
            }
            if (r.direction() != null && !r.direction().equals("CREDIT") && !r.direction().equals("DEBIT")) {
                throw ApiProblem.invalid(at + "direction", r.direction(), "must be CREDIT or DEBIT");
            }
            if (r.textPattern() != null) {
                try {
                    Pattern.compile(r.textPattern());
                } catch (PatternSyntaxException e) {
                    throw ApiProblem.invalid(at + "textPattern", r.textPattern(), "is not a regular expression: " + e.getDescription());
                }
            }
            rules.add(r);
        }
        return rules;
    }
}
