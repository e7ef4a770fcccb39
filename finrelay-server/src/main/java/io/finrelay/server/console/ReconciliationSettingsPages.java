package io.finrelay.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.server.reconciliation.ReconciliationController;
import io.finrelay.server.reconciliation.TenantSettings;
import io.finrelay.server.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The reconciliation's settings and rules of a tenant: the matcher's threshold, margin, tolerances and accounts,
 * and the ordered rules that book noise (fees, interest) instead of matching it. Read with the API's
 * {@code GET .../reconciliation/settings} and {@code .../rules}; every change is the API's {@code PUT}, which checks
 * it field by field (a refusal is a 400 page naming the field, nothing stored) and audits it as
 * {@code configuration.changed}. The forms show only to a person who may write master data.
 *
 * <p>A rule is added or removed against the list the page showed: the form carries that list's fingerprint, and a
 * list changed in between (by someone else) is a 409 instead of removing the wrong rule.
 */
@Controller
public class ReconciliationSettingsPages {
    private final ReconciliationController reconciliation;
    private final ConsolePages pages;
    private final ObjectMapper json;

    public ReconciliationSettingsPages(ReconciliationController reconciliation, ConsolePages pages, ObjectMapper json) {
        this.reconciliation = reconciliation;
        this.pages = pages;
        this.json = json;
    }

    @GetMapping("/ui/tenants/{tenantId}/reconciliation/settings")
    public String page(@PathVariable UUID tenantId, @RequestParam(required = false) String saved,
                       HttpServletRequest request, Model model) {
        TenantSettings settings = reconciliation.settings(tenantId);
        JsonNode rules = reconciliation.rules(tenantId);
        model.addAttribute("tenantId", tenantId);
        model.addAttribute("settings", pages.view(settings, request));
        model.addAttribute("feeTolerance", settings.feeTolerance() == null ? "" : settings.feeTolerance().entrySet()
                .stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("\n")));
        model.addAttribute("autoClears", settings.autoClear() == null || settings.autoClear());
        model.addAttribute("rules", rules == null || !rules.isArray() ? java.util.List.of() : pages.views(
                json.convertValue(rules, java.util.List.class), request));
        model.addAttribute("rulesVersion", fingerprint(rules));
        model.addAttribute("saved", saved != null && saved.matches("settings|rules") ? saved : null);
        return "ui/reconciliation-settings";
    }

    @PostMapping("/ui/tenants/{tenantId}/reconciliation/settings")
    public String saveSettings(@PathVariable UUID tenantId, @RequestParam String autoThreshold, @RequestParam String margin,
                               @RequestParam String fxTolerance, @RequestParam String dateWindowDays,
                               @RequestParam String maxSubsetSize, @RequestParam(required = false) String feeTolerance,
                               @RequestParam(required = false) String feeAccount,
                               @RequestParam(required = false) String fxAccount,
                               @RequestParam(required = false) String autoClear, HttpServletRequest request) {
        ObjectNode body = json.createObjectNode();
        body.put("autoThreshold", decimal("autoThreshold", autoThreshold));
        body.put("margin", decimal("margin", margin));
        body.put("fxTolerance", fxTolerance.strip());
        body.put("dateWindowDays", whole("dateWindowDays", dateWindowDays));
        body.put("maxSubsetSize", whole("maxSubsetSize", maxSubsetSize));
        ObjectNode fees = body.putObject("feeTolerance");
        if (feeTolerance != null) {
            for (String line : feeTolerance.split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.strip().split("\\s+");
                if (parts.length != 2) {
                    throw ApiProblem.invalid("feeTolerance", line.strip(), "one currency and its amount a line, e.g. EUR 2.50");
                }
                fees.put(parts[0], parts[1]);
            }
        }
        body.put("feeAccount", blank(feeAccount));
        body.put("fxAccount", blank(fxAccount));
        body.put("autoClear", autoClear != null);
        reconciliation.putSettings(tenantId, body, request);
        return "redirect:/ui/tenants/" + tenantId + "/reconciliation/settings?saved=settings";
    }

    /** Adds a rule at the end of the list (tried last). */
    @PostMapping("/ui/tenants/{tenantId}/reconciliation/settings/rules")
    public String addRule(@PathVariable UUID tenantId, @RequestParam String version, @RequestParam String name,
                          @RequestParam(required = false) String bankTransactionCode,
                          @RequestParam(required = false) String textPattern,
                          @RequestParam(required = false) String counterparty,
                          @RequestParam(required = false) String direction, @RequestParam String glAccount,
                          @RequestParam(required = false) String costCenter, HttpServletRequest request) {
        ArrayNode rules = current(tenantId, version);
        Map<String, String> rule = new LinkedHashMap<>();
        rule.put("name", blank(name));
        rule.put("bankTransactionCode", blank(bankTransactionCode));
        rule.put("textPattern", blank(textPattern));
        rule.put("counterparty", blank(counterparty));
        rule.put("direction", blank(direction));
        rule.put("glAccount", blank(glAccount));
        rule.put("costCenter", blank(costCenter));
        rules.add(json.valueToTree(rule));
        reconciliation.putRules(tenantId, rules, request);
        return "redirect:/ui/tenants/" + tenantId + "/reconciliation/settings?saved=rules";
    }

    /** Removes the rule at a position (1 is tried first) of the list the page showed. */
    @PostMapping("/ui/tenants/{tenantId}/reconciliation/settings/rules/{position}/remove")
    public String removeRule(@PathVariable UUID tenantId, @PathVariable int position, @RequestParam String version,
                             HttpServletRequest request) {
        ArrayNode rules = current(tenantId, version);
        if (position < 1 || position > rules.size()) {
            throw ApiProblem.invalid("position", position, "must name a rule, 1 to " + rules.size());
        }
        rules.remove(position - 1);
        reconciliation.putRules(tenantId, rules, request);
        return "redirect:/ui/tenants/" + tenantId + "/reconciliation/settings?saved=rules";
    }

    /** The rules as stored now, if they are still the ones the page showed; else a 409. */
    private ArrayNode current(UUID tenantId, String version) {
        JsonNode rules = reconciliation.rules(tenantId);
        if (!fingerprint(rules).equals(version)) {
            throw ApiProblem.conflict("rules-changed", "the rules were changed since this page was opened; "
                    + "open the page again and repeat the change");
        }
        return rules == null || !rules.isArray() ? json.createArrayNode() : ((ArrayNode) rules).deepCopy();
    }

    private static String fingerprint(JsonNode rules) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(rules).getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double decimal(String field, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid(field, text, "must be a number such as 0.9");
        }
    }

    private static int whole(String field, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid(field, text, "must be a whole number");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
