package io.finrelay.server.console;

import io.finrelay.server.audit.AuditController;
import io.finrelay.server.reconciliation.ReconciliationController;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * What people review: the reconciliation's suggested matches (each statement line beside the open items
 * it was matched to, with the score and the reasons; confirmed or rejected by the signed-in person) and
 * the audit trail with its chain verification. Both through the API's controllers.
 */
@Controller
public class ReviewPages {
    private final ReconciliationController reconciliation;
    private final AuditController audit;
    private final ConsolePages pages;

    public ReviewPages(ReconciliationController reconciliation, AuditController audit, ConsolePages pages) {
        this.reconciliation = reconciliation;
        this.audit = audit;
        this.pages = pages;
    }

    @GetMapping("/ui/tenants/{tenantId}/reconciliation")
    public String matches(@PathVariable UUID tenantId, @RequestParam(defaultValue = "SUGGESTED") String status,
                          @RequestParam(required = false) UUID cursor, @RequestParam(required = false) UUID decided,
                          @RequestParam(required = false) String now, HttpServletRequest request, Model model) {
        if (status.equals("UNMATCHED")) {
            // What no run has dealt with: statement lines, and the open items still waiting for their money.
            model.addAttribute("tenantId", tenantId);
            model.addAttribute("status", status);
            model.addAttribute("lines", pages.views(reconciliation.unmatched(tenantId, "lines", 200).items(), request));
            model.addAttribute("items", pages.views(reconciliation.unmatched(tenantId, "items", 200).items(), request));
            return "ui/unmatched";
        }
        ReconciliationController.MatchPage page = reconciliation.matches(tenantId, status, null, cursor, 50);
        model.addAttribute("tenantId", tenantId);
        model.addAttribute("status", status);
        model.addAttribute("matches", pages.views(page.items(), request));
        model.addAttribute("next", page.next());
        if (decided != null && now != null && now.matches("[A-Z_]{1,20}")) {
            model.addAttribute("decided", decided);
            model.addAttribute("decidedNow", now);
        }
        return "ui/reconciliation";
    }

    @PostMapping("/ui/tenants/{tenantId}/reconciliation/{matchId}/{decision:confirm|reject}")
    public String decide(@PathVariable UUID tenantId, @PathVariable UUID matchId, @PathVariable String decision,
                         @RequestParam(required = false) String note, HttpServletRequest request) {
        ReconciliationController.MatchView after = decision.equals("confirm")
                ? reconciliation.confirm(tenantId, matchId, null, request)
                : reconciliation.reject(tenantId, matchId, new ReconciliationController.DecisionRequest(
                        note == null || note.isBlank() ? null : note.strip()), request);
        return "redirect:/ui/tenants/" + tenantId + "/reconciliation?decided=" + matchId + "&now=" + after.status();
    }

    @GetMapping("/ui/tenants/{tenantId}/audit")
    public String trail(@PathVariable UUID tenantId, @RequestParam(required = false) Long after,
                        @RequestParam(required = false) String correlationId, @RequestParam(required = false) String kind,
                        HttpServletRequest request, Model model) {
        return trail(tenantId, after, correlationId, kind, null, request, model);
    }

    @PostMapping("/ui/tenants/{tenantId}/audit/verify")
    public String verify(@PathVariable UUID tenantId, HttpServletRequest request, Model model) {
        AuditController.VerificationView result = audit.verify(tenantId, request);
        return trail(tenantId, null, null, null, result, request, model);
    }

    private String trail(UUID tenantId, Long after, String correlationId, String kind,
                         AuditController.VerificationView verification, HttpServletRequest request, Model model) {
        var entries = audit.page(tenantId, after, 50, "newest", correlationId, kind);
        model.addAttribute("tenantId", tenantId);
        model.addAttribute("correlationId", correlationId);
        model.addAttribute("kind", kind);
        java.util.List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
        for (AuditController.AuditEntryView e : entries) {
            java.util.Map<String, Object> row = pages.view(e, request);
            row.put("detailJson", pages.pretty(e.detail(), request));
            rows.add(row);
        }
        model.addAttribute("entries", rows);
        model.addAttribute("next", entries.size() == 50 ? entries.getLast().id() : null);
        model.addAttribute("verification", verification == null ? null : pages.view(verification, request));
        return "ui/audit";
    }
}
