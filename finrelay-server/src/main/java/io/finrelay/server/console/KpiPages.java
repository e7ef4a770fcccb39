package io.finrelay.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.server.expense.ExpenseController;
import io.finrelay.server.expense.ExpenseKpis;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The expense KPIs as a controller reads them: the figures (reports, posted, paid, cycle time and posting
 * latency at the median and the 95th percentile) and three charts (how long reimbursements took, reports
 * by state, open exceptions by reason), from {@code GET .../expense/kpis}.
 */
@Controller
public class KpiPages {
    private final ExpenseController expenses;
    private final ConsolePages pages;
    private final ObjectMapper json;

    public KpiPages(ExpenseController expenses, ConsolePages pages, ObjectMapper json) {
        this.expenses = expenses;
        this.pages = pages;
        this.json = json;
    }

    @GetMapping("/ui/tenants/{tenantId}/kpis")
    public String kpis(@PathVariable UUID tenantId, HttpServletRequest request, Model model) {
        ExpenseKpis.Kpis kpis = expenses.kpis(tenantId);
        model.addAttribute("tenantId", tenantId);
        model.addAttribute("kpis", pages.view(kpis, request));
        model.addAttribute("cycleMedian", duration(kpis.reimbursementCycleTime().medianMillis()));
        model.addAttribute("cycleP95", duration(kpis.reimbursementCycleTime().p95Millis()));
        model.addAttribute("postingMedian", duration(kpis.postingLatency().medianMillis()));
        model.addAttribute("postingP95", duration(kpis.postingLatency().p95Millis()));
        model.addAttribute("cycleChart", bars("reimbursements", kpis.cycleTimeDistribution().stream()
                .map(ExpenseKpis.Bucket::upTo).toList(), kpis.cycleTimeDistribution().stream()
                .map(ExpenseKpis.Bucket::reports).toList()));
        model.addAttribute("stateChart", bars("reports", List.copyOf(kpis.byState().keySet()),
                List.copyOf(kpis.byState().values())));
        model.addAttribute("exceptionChart", bars("open exceptions", List.copyOf(kpis.openExceptionsByReason().keySet()),
                List.copyOf(kpis.openExceptionsByReason().values())));
        return "ui/kpis";
    }

    /** A bar chart's data for {@code console.js}: the categories and one series of counts. */
    private String bars(String name, List<String> categories, List<Integer> counts) {
        try {
            return json.writeValueAsString(Map.of("kind", "bar", "categories", categories,
                    "series", List.of(Map.of("name", name, "values", counts))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Milliseconds as a person reads a duration; a dash when there is none yet. */
    static String duration(Long millis) {
        if (millis == null) {
            return "-";
        }
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return TenantPages.age(java.time.Duration.ofMillis(millis));
    }
}
