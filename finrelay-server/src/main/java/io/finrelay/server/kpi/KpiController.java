package io.finrelay.server.kpi;

import io.finrelay.model.id.PartnerId;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.Tenants;
import io.finrelay.server.web.ApiProblem;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * How the business runs: a tenant's operating KPIs over a period, and the health of every tenant of a
 * partner at a glance (the partner overview).
 */
@RestController
public class KpiController {
    /** The longest period one call reads: a year and a day (a leap year's figures with the day after). */
    static final long MAX_DAYS = 366;
    /** The period when none is named: the last 30 days, today included. */
    static final long DEFAULT_DAYS = 30;

    /** The KPIs of the period [from, to], both days included (UTC). */
    public record KpiView(UUID tenantId, LocalDate from, LocalDate to, Instant asOf,
                          TenantKpis.StraightThroughFigures straightThrough,
                          TenantKpis.ReconciliationFigures reconciliation, TenantKpis.PaymentFigures payments,
                          TenantKpis.ExceptionFigures exceptions, List<TenantKpis.DiscountFigures> discounts) {}

    /** Every tenant of the partner with its health, by tenant name. */
    public record HealthView(Instant asOf, List<PartnerHealth.TenantHealth> tenants) {}

    private final Access access;
    private final TenantKpis kpis;
    private final PartnerHealth health;
    private final Tenants tenants;
    private final Clock clock;

    public KpiController(Access access, TenantKpis kpis, PartnerHealth health, Tenants tenants, Clock clock) {
        this.access = access;
        this.kpis = kpis;
        this.health = health;
        this.tenants = tenants;
        this.clock = clock;
    }

    /**
     * The tenant's KPIs over a period: the expense reports' straight-through rate, the reconciliation's
     * auto-match rate, the payments the bank rejected or returned, the early-payment discounts of supplier
     * invoices offered against taken, and the open exceptions by age (now). The period is whole UTC days,
     * both included, at most 366; without one, the last 30 days.
     */
    @GetMapping("/v1/tenants/{tenantId}/kpis")
    public KpiView kpis(@PathVariable UUID tenantId,
                        @Parameter(description = "the period's first day (UTC); default 29 days before `to`", example = "2026-11-01")
                        @RequestParam(required = false) LocalDate from,
                        @Parameter(description = "the period's last day (UTC), included; default today", example = "2026-11-30")
                        @RequestParam(required = false) LocalDate to) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        Instant now = clock.instant();
        LocalDate last = to != null ? to : LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = from != null ? from : last.minusDays(DEFAULT_DAYS - 1);
        if (first.isAfter(last)) {
            throw ApiProblem.invalid("from", first.toString(), "must not be after to (" + last + ")");
        }
        if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
            throw ApiProblem.invalid("from", first.toString(), "a period is at most " + MAX_DAYS + " days; to is " + last);
        }
        TenantKpis.Kpis read = kpis.read(scope, new TenantKpis.Period(first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), now));
        return new KpiView(scope.tenantId().value(), first, last, now, read.straightThrough(), read.reconciliation(),
                read.payments(), read.exceptions(), read.discounts());
    }

    /**
     * The health of every tenant of the partner (its administrators only): the backlog of commands not
     * delivered yet and the oldest one's age, the oldest workflow instance not ended yet (what it waits in), the
     * open exceptions by age, the connectors' circuit breakers (as the node answering sees them) and when
     * the last bank statement arrived. One query per figure for all the partner's tenants.
     */
    @GetMapping("/v1/partners/{partnerId}/health")
    public HealthView health(@PathVariable UUID partnerId) {
        PartnerId partner = access.partner(partnerId, Action.READ_OPERATIONS);
        Instant now = clock.instant();
        return new HealthView(now, health.read(tenants.ofPartner(partner), now));
    }
}
