package io.finrelay.reconciliation.forecast;

import io.finrelay.reconciliation.forecast.CashForecast.Day;
import io.finrelay.reconciliation.forecast.CashForecast.Series;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A legal entity's forecast in one reporting currency: each of its series converted with the FX rate on
 * file (the newest on or before the forecast's first day, used as given or inverted) and added up day by
 * day, rounded to the reporting currency's minor unit. A currency without a rate either way is named,
 * never guessed.
 */
public final class ReportingCurrency {
    private ReportingCurrency() {}

    /** {@code 1 base = rate quote}, published for {@code date}. */
    public record Rate(String base, String quote, BigDecimal rate, LocalDate date) {}

    /** The rate a series was converted with: 1 {@code from} = {@code rate} reporting currency. */
    public record Conversion(String from, BigDecimal rate, LocalDate rateDate, boolean inverted) {}

    /** One legal entity's closing per day in the reporting currency, and how each currency was converted. */
    public record Consolidated(String legalEntity, String currency, BigDecimal opening, List<LocalDate> dates,
                               List<BigDecimal> closing, List<Conversion> conversions) {}

    /** Currencies of the forecast that have no rate to the reporting currency on file. */
    public static final class MissingRates extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final List<String> currencies;

        MissingRates(String reporting, List<String> currencies) {
            super("no FX rate on file between " + String.join(", ", currencies) + " and " + reporting);
            this.currencies = List.copyOf(currencies);
        }

        public List<String> currencies() {
            return currencies;
        }
    }

    /**
     * Every legal entity of {@code series} in {@code reporting}; {@code rates} are all the rates on file
     * (any order), of which those after {@code asOf} are not used.
     */
    public static List<Consolidated> consolidate(List<Series> series, String reporting, LocalDate asOf,
                                                 Collection<Rate> rates) {
        int scale = Currency.getInstance(reporting).getDefaultFractionDigits();
        Map<String, Conversion> conversions = new LinkedHashMap<>();
        TreeSet<String> missing = new TreeSet<>();
        for (Series s : series) {
            if (!s.currency().equals(reporting) && !conversions.containsKey(s.currency())) {
                Optional<Conversion> found = conversion(s.currency(), reporting, asOf, rates);
                found.ifPresentOrElse(c -> conversions.put(s.currency(), c), () -> missing.add(s.currency()));
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingRates(reporting, List.copyOf(missing));
        }
        Map<String, List<Series>> byEntity = new TreeMap<>();
        series.forEach(s -> byEntity.computeIfAbsent(s.legalEntity(), e -> new ArrayList<>()).add(s));
        List<Consolidated> out = new ArrayList<>();
        byEntity.forEach((entity, list) -> {
            int days = list.getFirst().days().size();
            BigDecimal opening = BigDecimal.ZERO;
            BigDecimal[] closing = new BigDecimal[days];
            java.util.Arrays.fill(closing, BigDecimal.ZERO);
            List<Conversion> used = new ArrayList<>();
            for (Series s : list) {
                BigDecimal rate = s.currency().equals(reporting) ? BigDecimal.ONE : conversions.get(s.currency()).rate();
                if (!s.currency().equals(reporting)) {
                    used.add(conversions.get(s.currency()));
                }
                opening = opening.add(s.opening().multiply(rate));
                for (int d = 0; d < days; d++) {
                    closing[d] = closing[d].add(s.days().get(d).closing().multiply(rate));
                }
            }
            List<BigDecimal> rounded = new ArrayList<>(days);
            for (BigDecimal c : closing) {
                rounded.add(c.setScale(scale, RoundingMode.HALF_EVEN));
            }
            out.add(new Consolidated(entity, reporting, opening.setScale(scale, RoundingMode.HALF_EVEN),
                    list.getFirst().days().stream().map(Day::date).toList(), rounded, used));
        });
        return out;
    }

    /** The newest usable rate between the two currencies, as given or inverted (the newer of the two wins). */
    static Optional<Conversion> conversion(String from, String to, LocalDate asOf, Collection<Rate> rates) {
        Rate best = null;
        boolean inverted = false;
        for (Rate r : rates) {
            if (r.date().isAfter(asOf)) {
                continue;
            }
            boolean direct = r.base().equals(from) && r.quote().equals(to);
            boolean inverse = r.base().equals(to) && r.quote().equals(from);
            if ((direct || inverse) && (best == null || r.date().isAfter(best.date()))) {
                best = r;
                inverted = inverse;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        BigDecimal rate = inverted ? BigDecimal.ONE.divide(best.rate(), MathContext.DECIMAL64) : best.rate();
        return Optional.of(new Conversion(from, rate, best.date(), inverted));
    }
}
