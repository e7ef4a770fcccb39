package io.finrelay.server.bank;

import io.finrelay.reconciliation.forecast.CashForecast;
import io.finrelay.reconciliation.forecast.CashForecast.Flow;
import io.finrelay.reconciliation.forecast.ForecastAccuracy;
import io.finrelay.reconciliation.forecast.ReportingCurrency;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cash forecast per legal entity and currency, day by day from today (UTC), and the flows behind any
 * one day. Read from what Finrelay holds now ({@link CashForecastReads}); computed by {@link CashForecast}.
 */
@RestController
public class CashForecastController {
    static final int MAX_DAYS = 91;
    /** The horizons the accuracy is reported for: a day, a week and a month ahead. */
    static final List<Integer> HORIZONS = List.of(1, 7, 30);

    /**
     * The forecast: from which day, for how many, one series per legal entity and currency, and with a
     * reporting currency asked for, each legal entity's closing in it.
     */
    public record ForecastView(LocalDate from, int days, List<SeriesView> series,
                               @Schema(description = "with reportingCurrency: each legal entity in that currency")
                               List<ReportingCurrency.Consolidated> consolidated) {}

    /** One legal entity's cash in one currency: where it starts and each day's movement and closing. */
    public record SeriesView(@Schema(example = "ACME Logistik GmbH") String legalEntity,
                             @Schema(example = "EUR") String currency, BigDecimal opening,
                             @Schema(description = "the oldest bank balance in the opening; absent: no balance on file")
                             Instant openingAsOf, List<DayView> days) {}

    /** One day: money in, money out (a positive figure), the closing, the net per source, how many flows. */
    public record DayView(LocalDate date, BigDecimal inflow, BigDecimal outflow, BigDecimal closing,
                          @Schema(description = "net amount per source: SUPPLIER_PAYMENT, PAYABLE, RECEIVABLE, REIMBURSEMENT, CARD_SETTLEMENT, OPPORTUNITY")
                          Map<String, BigDecimal> bySource, int flows) {}

    /** The flows one day of one series adds up. */
    public record FlowList(LocalDate date, String legalEntity, String currency, List<FlowView> items) {}

    /** An expected movement: in positive, out negative, with the source and the reference it is traced to. */
    public record FlowView(@Schema(allowableValues = {"SUPPLIER_PAYMENT", "PAYABLE", "RECEIVABLE", "REIMBURSEMENT", "CARD_SETTLEMENT", "OPPORTUNITY"}) String source,
                           @Schema(example = "AR-2026-004711") String reference,
                           @Schema(description = "when it is expected: the due or planned day, a receivable moved by "
                                   + "how late its customer usually pays; before the day asked: overdue, expected then")
                           LocalDate date,
                           @Schema(description = "the day the item itself names") LocalDate dueDate,
                           BigDecimal amount) {}

    private final Access access;
    private final CashForecastReads reads;
    private final Clock clock;

    public CashForecastController(Access access, CashForecastReads reads, Clock clock) {
        this.access = access;
        this.reads = reads;
        this.clock = clock;
    }

    /**
     * The cash forecast per legal entity and currency for the next {@code days} days (1 to 91, default 91):
     * the cash positions plus scheduled supplier payments, approved expenses not yet released, open
     * receivables and payables by due date, and card settlements;
     * with {@code reportingCurrency}, each legal entity in it as well (422 naming a currency without a rate).
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The forecast",
            useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", ref = "#/components/responses/Unprocessable")
    @GetMapping("/v1/tenants/{tenantId}/cash/forecast")
    public ForecastView forecast(@PathVariable UUID tenantId, @RequestParam(required = false) String entity,
                                 @RequestParam(required = false) String currency,
                                 @RequestParam(defaultValue = "91") int days,
                                 @RequestParam(required = false) String reportingCurrency) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        check(days, currency);
        if (reportingCurrency != null && !isCurrency(reportingCurrency)) {
            throw ApiProblem.invalid("reportingCurrency", reportingCurrency, "must be an ISO 4217 code such as EUR");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        CashForecastReads.Inputs inputs = reads.read(scope, today);
        // The whole forecast is computed (and the day's first one kept, to hold against the statements later);
        // the answer is what was asked of it.
        List<CashForecast.Series> whole = CashForecast.compute(today, MAX_DAYS, inputs.openings(), inputs.flows());
        reads.keepToday(scope, today, whole);
        List<CashForecast.Series> computed = whole.stream()
                .filter(s -> entity == null || s.legalEntity().equals(entity))
                .filter(s -> currency == null || s.currency().equals(currency))
                .map(s -> new CashForecast.Series(s.legalEntity(), s.currency(), s.opening(), s.openingAsOf(),
                        s.days().subList(0, days)))
                .toList();
        List<ReportingCurrency.Consolidated> consolidated = null;
        if (reportingCurrency != null) {
            try {
                consolidated = ReportingCurrency.consolidate(computed, reportingCurrency, today, inputs.rates());
            } catch (ReportingCurrency.MissingRates e) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "fx-rate-missing", "FX rate missing",
                        e.getMessage() + ": record one (POST .../fx-rates) to report in " + reportingCurrency,
                        Map.of("currencies", e.currencies()));
            }
        }
        List<SeriesView> series = computed.stream()
                .map(s -> new SeriesView(s.legalEntity(), s.currency(), s.opening(), s.openingAsOf().orElse(null),
                        s.days().stream().map(CashForecastController::day).toList()))
                .toList();
        return new ForecastView(today, days, series, consolidated);
    }

    /** The flows behind one day of one legal entity's forecast in one currency: what its figures add up. */
    @GetMapping("/v1/tenants/{tenantId}/cash/forecast/flows")
    public FlowList flows(@PathVariable UUID tenantId, @RequestParam(required = false) LocalDate date,
                          @RequestParam(required = false) String entity, @RequestParam(required = false) String currency) {
        // The tenant's wall first: another tenant's caller learns nothing, not even which parameters are missing.
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        if (date == null || entity == null || entity.isBlank() || currency == null) {
            throw ApiProblem.invalid(date == null ? "date" : currency == null ? "currency" : "entity", null,
                    "is required: the day, the legal entity and the currency of the forecast figure to trace");
        }
        check(MAX_DAYS, currency);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (date.isBefore(today) || !date.isBefore(today.plusDays(MAX_DAYS))) {
            throw ApiProblem.invalid("date", date.toString(), "must lie in the forecast: from " + today + " to "
                    + today.plusDays(MAX_DAYS - 1));
        }
        List<Flow> flows = CashForecast.flowsOn(today, MAX_DAYS, date, entity, currency, reads.read(scope, today).flows());
        return new FlowList(date, entity, currency, flows.stream()
                .map(f -> new FlowView(f.source().name(), f.reference(), f.date(), f.due(), f.amount())).toList());
    }

    /** How good the forecast was: per legal entity, currency and horizon, against what the banks then reported. */
    public record AccuracyView(LocalDate since, List<Integer> horizons, List<ForecastAccuracy.Series> series) {}

    /**
     * How good the forecasts of the last 90 days were, 1, 7 and 30 days ahead: each day's forecast closing, as
     * first read that day, against the closing the statements then reported (comparisons, mean absolute error,
     * mean absolute error relative to the actual).
     */
    @GetMapping("/v1/tenants/{tenantId}/cash/forecast/accuracy")
    public AccuracyView accuracy(@PathVariable UUID tenantId, @RequestParam(required = false) String entity,
                                 @RequestParam(required = false) String currency) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        check(MAX_DAYS, currency);
        LocalDate since = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(90);
        List<ForecastAccuracy.Series> series = reads.accuracy(scope, since, HORIZONS).stream()
                .filter(s -> entity == null || s.legalEntity().equals(entity))
                .filter(s -> currency == null || s.currency().equals(currency))
                .toList();
        return new AccuracyView(since, HORIZONS, series);
    }

    private static void check(int days, String currency) {
        if (days < 1 || days > MAX_DAYS) {
            throw ApiProblem.invalid("days", days, "must lie in [1, " + MAX_DAYS + "] (13 weeks)");
        }
        if (currency != null && !isCurrency(currency)) {
            throw ApiProblem.invalid("currency", currency, "must be an ISO 4217 code such as EUR");
        }
    }

    private static boolean isCurrency(String code) {
        if (!code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            java.util.Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static DayView day(CashForecast.Day d) {
        Map<String, BigDecimal> bySource = new TreeMap<>();
        d.bySource().forEach((source, amount) -> bySource.put(source.name(), amount));
        return new DayView(d.date(), d.inflow(), d.outflow(), d.closing(), bySource, d.flows());
    }
}
