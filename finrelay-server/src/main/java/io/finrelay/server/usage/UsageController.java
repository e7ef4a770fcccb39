package io.finrelay.server.usage;

import io.finrelay.model.id.PartnerId;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.tenancy.Tenants;
import io.finrelay.server.web.ApiProblem;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What a partner's tenants used in a month, for the partner's billing. */
@RestController
public class UsageController {
    /** Every tenant of the partner with its figures of the month, by tenant name; {@code totals} sums them. */
    public record UsageView(UUID partnerId, @Schema(example = "2026-11") String month, Instant asOf,
                            List<Usage.TenantUsage> tenants, Totals totals) {}

    /** The partner's figures of the month, all tenants together. */
    public record Totals(long workflowsStarted, long bankFiles, long invoices, long apiCalls) {}

    private final Access access;
    private final Usage usage;
    private final Tenants tenants;
    private final Clock clock;

    public UsageController(Access access, Usage usage, Tenants tenants, Clock clock) {
        this.access = access;
        this.usage = usage;
        this.tenants = tenants;
        this.clock = clock;
    }

    /**
     * The usage of every tenant of the partner (its administrators only) in a calendar month (UTC):
     * workflows started, bank files received, supplier invoices taken in and API calls. The figures are
     * counted as the events happen, in their own transactions, so they are exact and final once the month
     * is over; the current month's grow until it ends. Without {@code month}, the current month.
     */
    @GetMapping("/v1/partners/{partnerId}/usage")
    public UsageView usage(@PathVariable UUID partnerId,
                           @Parameter(description = "the calendar month, YYYY-MM (UTC); default the current month",
                                   example = "2026-11") @RequestParam(required = false) String month) {
        PartnerId partner = access.partner(partnerId, Action.READ_OPERATIONS);
        Instant now = clock.instant();
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        YearMonth wanted = month == null ? current : parse(month);
        if (wanted.isAfter(current)) {
            throw ApiProblem.invalid("month", month, "must not be after the current month (" + current + ")");
        }
        List<Usage.TenantUsage> figures = usage.read(tenants.ofPartner(partner), wanted);
        Totals totals = new Totals(figures.stream().mapToLong(Usage.TenantUsage::workflowsStarted).sum(),
                figures.stream().mapToLong(Usage.TenantUsage::bankFiles).sum(),
                figures.stream().mapToLong(Usage.TenantUsage::invoices).sum(),
                figures.stream().mapToLong(Usage.TenantUsage::apiCalls).sum());
        return new UsageView(partner.value(), wanted.toString(), now, figures, totals);
    }

    private static YearMonth parse(String month) {
        try {
            if (!month.matches("\\d{4}-\\d{2}")) {
                throw new DateTimeParseException("not YYYY-MM", month, 0);
            }
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid("month", month, "must be a calendar month as YYYY-MM, e.g. 2026-11");
        }
    }
}
