package io.finrelay.server.console;

import io.finrelay.server.expense.ExpenseController;
import io.finrelay.workflows.expense.ExpenseState;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The treasury desk: reimbursements approved, posted and waiting for a treasurer's release, the longest
 * waiting first, each released with one button. The release is the API's ({@link ExpenseController#release}):
 * the signed-in person is the releaser, so the duty policy (not the submitter, not the approver, four eyes
 * above the threshold) refuses exactly as it refuses an API call, and audits the refusal.
 */
@Controller
public class ReleasePages {
    private static final String AWAITING_RELEASE = ExpenseState.AwaitingRelease.class.getSimpleName();
    private final ExpenseController expenses;
    private final ConsolePages pages;

    public ReleasePages(ExpenseController expenses, ConsolePages pages) {
        this.expenses = expenses;
        this.pages = pages;
    }

    @GetMapping("/ui/tenants/{tenantId}/releases")
    public String desk(@PathVariable UUID tenantId, @RequestParam(required = false) String released,
                       @RequestParam(required = false) String now, HttpServletRequest request, Model model) {
        model.addAttribute("tenantId", tenantId);
        model.addAttribute("reports", pages.views(expenses.reports(tenantId, AWAITING_RELEASE, 200)
                .items(), request));
        if (released != null && now != null && now.matches("[A-Za-z]{1,40}")) {
            model.addAttribute("released", released);
            model.addAttribute("releasedNow", now);
        }
        return "ui/releases";
    }

    @PostMapping("/ui/tenants/{tenantId}/releases/{reportId}")
    public String release(@PathVariable UUID tenantId, @PathVariable String reportId, HttpServletRequest request) {
        var receipt = expenses.releaseAsCaller(tenantId, reportId, request).getBody();
        String state = receipt == null ? "" : receipt.state();
        return "redirect:/ui/tenants/" + tenantId + "/releases?released="
                + java.net.URLEncoder.encode(reportId, java.nio.charset.StandardCharsets.UTF_8) + "&now=" + state;
    }
}
