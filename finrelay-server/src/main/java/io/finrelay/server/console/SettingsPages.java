package io.finrelay.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.server.connectors.ConnectorController;
import io.finrelay.server.expense.ExpenseController;
import io.finrelay.server.security.ApiKeyController;
import io.finrelay.server.security.ApiKeyFilter;
import io.finrelay.server.security.ApiPrincipal;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.Role;
import io.finrelay.server.security.UserController;
import io.finrelay.server.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A tenant's configuration as its administrator and integration engineer see it: the ERP connector with
 * its connection test, the expense policies and code mappings, the API keys (a new key's secret shown once, on the page that created it, never
 * again), and the people who sign in. Each section shows only when the person's roles allow it; every
 * change is the API's, audited as the API audits it.
 */
@Controller
public class SettingsPages {
    /** The roles a tenant's key or person may be given here (partner-admin is the partner's own). */
    static final List<String> ROLES = java.util.Arrays.stream(Role.values()).filter(r -> r != Role.PARTNER_ADMIN)
            .map(Role::wireName).toList();

    private final ConnectorController connectors;
    private final ApiKeyController keys;
    private final UserController users;
    private final ExpenseController expenses;
    private final ConsolePages pages;
    private final io.finrelay.server.sla.SlaController slas;

    public SettingsPages(ConnectorController connectors, ApiKeyController keys, UserController users,
                         ExpenseController expenses, ConsolePages pages, io.finrelay.server.sla.SlaController slas) {
        this.slas = slas;
        this.expenses = expenses;
        this.connectors = connectors;
        this.keys = keys;
        this.users = users;
        this.pages = pages;
    }

    @GetMapping("/ui/tenants/{tenantId}/settings")
    public String settings(@PathVariable UUID tenantId, HttpServletRequest request, Model model) {
        return page(tenantId, null, null, request, model);
    }

    @PostMapping("/ui/tenants/{tenantId}/settings/connectors/erp/test")
    public String test(@PathVariable UUID tenantId, HttpServletRequest request, Model model) {
        return page(tenantId, connectors.test(tenantId, "erp"), null, request, model);
    }

    @PostMapping("/ui/tenants/{tenantId}/settings/api-keys")
    public String createKey(@PathVariable UUID tenantId, @RequestParam String name, @RequestParam String role,
                            HttpServletRequest request, Model model) {
        JsonNode created = keys.create(tenantId, new ApiKeyController.NewApiKey(name, role, null, null, null), request)
                .getBody();
        return page(tenantId, null, created, request, model);
    }

    @PostMapping("/ui/tenants/{tenantId}/settings/api-keys/{keyId}/revoke")
    public String revokeKey(@PathVariable UUID tenantId, @PathVariable UUID keyId, HttpServletRequest request) {
        keys.revoke(tenantId, keyId, request);
        return "redirect:/ui/tenants/" + tenantId + "/settings";
    }

    @PostMapping("/ui/tenants/{tenantId}/settings/policies")
    public String setPolicy(@PathVariable UUID tenantId, @RequestParam UUID legalEntityId, @RequestParam String payableAccount,
                            @RequestParam String inputTaxAccount, @RequestParam String fourEyesThreshold,
                            @RequestParam(required = false) String cardClearingAccount, HttpServletRequest request) {
        java.math.BigDecimal threshold;
        try {
            threshold = new java.math.BigDecimal(fourEyesThreshold.strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid("fourEyesThreshold", fourEyesThreshold, "must be an amount such as 1000.00");
        }
        expenses.setPolicy(tenantId, legalEntityId, payableAccount, inputTaxAccount, threshold, cardClearingAccount, request);
        return "redirect:/ui/tenants/" + tenantId + "/settings";
    }

    @PostMapping("/ui/tenants/{tenantId}/settings/mappings")
    public String setMapping(@PathVariable UUID tenantId, @RequestParam String kind, @RequestParam String source,
                             @RequestParam String target, HttpServletRequest request) {
        expenses.setMapping(tenantId, kind, source.strip(), target.strip(), request);
        return "redirect:/ui/tenants/" + tenantId + "/settings";
    }

    /**
     * The tenant's SLA: how long an open exception may wait, and by reason code (one {@code code PT4H} a line);
     * the API's {@code PUT .../policies/sla}, which checks every duration and audits the change.
     */
    @PostMapping("/ui/tenants/{tenantId}/settings/sla")
    public String setSla(@PathVariable UUID tenantId, @RequestParam String exceptionResolveWithin,
                         @RequestParam(required = false) String dueSoonWithin,
                         @RequestParam(required = false) String byCode, HttpServletRequest request) {
        java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
        if (byCode != null) {
            for (String line : byCode.split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.strip().split("\\s+");
                if (parts.length != 2) {
                    throw ApiProblem.invalid("byCode", line.strip(), "one reason code and its time a line, e.g. permanent-failure PT4H");
                }
                codes.put(parts[0], parts[1]);
            }
        }
        slas.setSlaPolicy(tenantId, new io.finrelay.server.sla.SlaPolicy(exceptionResolveWithin.strip(), codes,
                dueSoonWithin == null || dueSoonWithin.isBlank() ? null : dueSoonWithin.strip()), request);
        return "redirect:/ui/tenants/" + tenantId + "/settings";
    }

    @PostMapping("/ui/tenants/{tenantId}/settings/users")
    public String createUser(@PathVariable UUID tenantId, @RequestParam String username, @RequestParam String password,
                             @RequestParam String role, HttpServletRequest request) {
        users.create(tenantId, new UserController.NewUser(username, password, role, null), request);
        return "redirect:/ui/tenants/" + tenantId + "/settings";
    }

    @PostMapping("/ui/tenants/{tenantId}/settings/users/{userId}/disable")
    public String disableUser(@PathVariable UUID tenantId, @PathVariable UUID userId, HttpServletRequest request) {
        users.disable(tenantId, userId, request);
        return "redirect:/ui/tenants/" + tenantId + "/settings";
    }

    private String page(UUID tenantId, ConnectorController.ConnectionTestResult tested, JsonNode createdKey,
                        HttpServletRequest request, Model model) {
        ApiPrincipal me = (ApiPrincipal) request.getAttribute(ApiKeyFilter.PRINCIPAL);
        model.addAttribute("tenantId", tenantId);
        model.addAttribute("roles", ROLES);
        model.addAttribute("erp", erp(tenantId, request));
        model.addAttribute("tested", tested == null ? null : pages.view(tested, request));
        // The one time a secret is ever shown: the answer to its creation (the page is never cached).
        model.addAttribute("createdKey", createdKey == null ? null : createdKey.path("secret").asText(null));
        model.addAttribute("createdKeyName", createdKey == null ? null : createdKey.path("name").asText(null));
        model.addAttribute("keys", me.allows(Action.MANAGE_KEYS) ? pages.views(keys.list(tenantId), request) : null);
        model.addAttribute("users", me.allows(Action.MANAGE_USERS) ? pages.views(users.list(tenantId), request) : null);
        model.addAttribute("policies", pages.views(expenses.policies(tenantId).items(), request));
        model.addAttribute("mappings", pages.views(expenses.mappings(tenantId).items(), request));
        io.finrelay.server.sla.SlaPolicy sla = slas.slaPolicy(tenantId);
        model.addAttribute("sla", sla);
        model.addAttribute("slaByCode", sla.byCode().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining("\n")));
        return "ui/settings";
    }

    /** The ERP connector's stored settings, or none while it is not configured. */
    private Object erp(UUID tenantId, HttpServletRequest request) {
        try {
            ConnectorController.ConnectorView view = connectors.get(tenantId, "erp");
            return pages.view(view, request);
        } catch (ApiProblem problem) {
            if (problem.status() == HttpStatus.NOT_FOUND) {
                return null;
            }
            throw problem;
        }
    }
}
