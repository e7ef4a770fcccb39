package io.finrelay.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.server.expense.ExpenseController;
import io.finrelay.server.expense.ExpenseKpis;
import io.finrelay.server.kpi.ExceptionAges;
import io.finrelay.server.kpi.KpiController;
import io.finrelay.server.kpi.TenantKpis;
import io.finrelay.server.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The KPIs as a controller reads them. The expense figures (reports, posted, paid, cycle time and posting
 * latency at the median and the 95th percentile) and three charts (how long reimbursements took, reports
 * by state, open exceptions by reason), from {@code GET .../expense/kpis}; and the operating figures of a
 * period the person picks (the last 30 days unless they do): straight-through and auto-match rates, payments
 * rejected and returned, early-payment discounts offered against captured, and the open exceptions by age,
 * from {@code GET .../kpis?from=&to=}.
 */
@Controller
public class KpiPages {
    /** One currency's discounts as the page shows them. */
    public record Discount(String currency, String offered, String taken, String captured, String missed) {}

    private final ExpenseController expenses;
    private final KpiController kpis;
    private final ConsolePages pages;
    private final ObjectMapper json;

    public KpiPages(ExpenseController expenses, KpiController kpis, ConsolePages pages, ObjectMapper json) {
        this.expenses = expenses;
        this.kpis = kpis;
        this.pages = pages;
        this.json = json;
    }

    @GetMapping("/ui/tenants/{tenantId}/kpis")
    public String kpis(@PathVariable UUID tenantId, @RequestParam(required = false) String from,
                       @RequestParam(required = false) String to, HttpServletRequest request, Model model) {
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
        period(tenantId, date("from", from), date("to", to), model);
        return "ui/kpis";
    }

    /** The operating figures of the period, as figures and charts. */
    private void period(UUID tenantId, LocalDate from, LocalDate to, Model model) {
        KpiController.KpiView period = kpis.kpis(tenantId, from, to);
        model.addAttribute("period", period);
        TenantKpis.StraightThroughFigures straight = period.straightThrough();
        model.addAttribute("straightThroughRate", percent(straight.rate()));
        TenantKpis.ReconciliationFigures recon = period.reconciliation();
        model.addAttribute("autoMatchRate", percent(recon.autoMatchRate()));
        model.addAttribute("matchChart", bars("matches", List.copyOf(recon.byStatus().keySet()),
                List.copyOf(recon.byStatus().values())));
        model.addAttribute("rejectedChart", bars("payments rejected", List.copyOf(period.payments().rejectedByReason().keySet()),
                List.copyOf(period.payments().rejectedByReason().values())));
        model.addAttribute("ageChart", bars("open exceptions", ExceptionAges.NAMES, period.exceptions().byAge().stream()
                .map(ExceptionAges.Bucket::count).toList()));
        List<Discount> discounts = new ArrayList<>();
        List<Map<String, Object>> series = new ArrayList<>();
        for (TenantKpis.DiscountFigures d : period.discounts()) {
            discounts.add(new Discount(d.currency(), money(d.currency(), d.offeredAmount(), d.offered()),
                    money(d.currency(), d.takenAmount(), d.taken()), money(d.currency(), d.capturedAmount(), d.captured()),
                    money(d.currency(), d.offeredAmount().subtract(d.takenAmount()), d.offered() - d.taken())));
            series.add(Map.of("name", d.currency(), "values", List.of(d.offeredAmount().toPlainString(),
                    d.takenAmount().toPlainString(), d.capturedAmount().toPlainString())));
        }
        model.addAttribute("discounts", discounts);
        model.addAttribute("discountChart", chart(Map.of("kind", "bar", "categories", List.of("offered", "taken", "captured"),
                "series", series)));
    }

    /** A date the person typed, or a 400 page naming the field. */
    private static LocalDate date(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, text, "must be a date such as 2026-11-30");
        }
    }

    /** A share as a percentage with one decimal; a dash when there is none. */
    static String percent(BigDecimal share) {
        return share == null ? "-" : String.format(Locale.ROOT, "%.1f %%", share.doubleValue() * 100);
    }

    private static String money(String currency, BigDecimal amount, long invoices) {
        return currency + " " + amount.toPlainString() + " (" + invoices + (invoices == 1 ? " invoice)" : " invoices)");
    }

    /** A bar chart's data for {@code console.js}: the categories and one series of counts. */
    private String bars(String name, List<String> categories, List<? extends Number> counts) {
        return chart(Map.of("kind", "bar", "categories", categories, "series", List.of(Map.of("name", name, "values", counts))));
    }

    private String chart(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
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
