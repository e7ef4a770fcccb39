package io.finrelay.reconciliation.forecast;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How good the forecast was: each day's forecast closing, as it was made some days before, held against
 * the closing the banks then reported for that day. The actual closing of a legal entity in a currency on
 * a day is the sum over its accounts of each account's newest balance on or before that day; a day counts
 * once a final (end-of-day) balance of that day has arrived for at least one of its accounts. Per horizon
 * (days between making the forecast and the day forecast): how many comparisons, the mean absolute error
 * and the mean absolute error relative to the actual closing (days with an actual of zero left out of the
 * latter).
 */
public final class ForecastAccuracy {
    private ForecastAccuracy() {}

    /** A forecast closing of {@code forDay}, made on {@code madeOn}. */
    public record Forecast(LocalDate madeOn, String legalEntity, String currency, LocalDate forDay, BigDecimal closing) {}

    /** A balance a bank reported for an account on a day ({@code isFinal}: end of day). */
    public record Balance(String account, String legalEntity, String currency, LocalDate date, BigDecimal balance,
                          boolean isFinal) {}

    /** One series' accuracy at one horizon. */
    public record Horizon(int days, int comparisons, BigDecimal meanAbsoluteError, BigDecimal meanAbsolutePercentageError) {}

    /** A legal entity's accuracy in one currency, per horizon asked. */
    public record Series(String legalEntity, String currency, List<Horizon> horizons) {}

    private record Key(String legalEntity, String currency) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = legalEntity.compareTo(o.legalEntity);
            return c != 0 ? c : currency.compareTo(o.currency);
        }
    }

    /** The actual closing per series and day, for the days a final balance arrived. */
    static Map<Key, Map<LocalDate, BigDecimal>> actuals(Collection<Balance> balances) {
        Map<Key, Map<String, TreeMap<LocalDate, BigDecimal>>> byAccount = new HashMap<>();
        Map<Key, Set<LocalDate>> finalDays = new HashMap<>();
        for (Balance b : balances) {
            Key key = new Key(b.legalEntity(), b.currency());
            byAccount.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(b.account(), a -> new TreeMap<>())
                    .put(b.date(), b.balance());
            if (b.isFinal()) {
                finalDays.computeIfAbsent(key, k -> new TreeSet<>()).add(b.date());
            }
        }
        Map<Key, Map<LocalDate, BigDecimal>> out = new HashMap<>();
        finalDays.forEach((key, days) -> {
            Map<LocalDate, BigDecimal> closing = new HashMap<>();
            for (LocalDate day : days) {
                BigDecimal sum = BigDecimal.ZERO;
                for (TreeMap<LocalDate, BigDecimal> account : byAccount.get(key).values()) {
                    Map.Entry<LocalDate, BigDecimal> latest = account.floorEntry(day);
                    if (latest != null) {
                        sum = sum.add(latest.getValue());
                    }
                }
                closing.put(day, sum);
            }
            out.put(key, closing);
        });
        return out;
    }

    public static List<Series> of(Collection<Forecast> forecasts, Collection<Balance> balances, List<Integer> horizons) {
        Map<Key, Map<LocalDate, BigDecimal>> actual = actuals(balances);
        Map<Key, Map<Integer, List<BigDecimal[]>>> pairs = new TreeMap<>();
        for (Forecast f : forecasts) {
            Key key = new Key(f.legalEntity(), f.currency());
            int horizon = (int) ChronoUnit.DAYS.between(f.madeOn(), f.forDay());
            BigDecimal real = actual.getOrDefault(key, Map.of()).get(f.forDay());
            if (!horizons.contains(horizon) || real == null) {
                continue;
            }
            pairs.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(horizon, h -> new ArrayList<>())
                    .add(new BigDecimal[] {f.closing(), real});
        }
        List<Series> out = new ArrayList<>();
        pairs.forEach((key, byHorizon) -> {
            List<Horizon> list = new ArrayList<>();
            for (int h : horizons) {
                list.add(horizon(h, byHorizon.getOrDefault(h, List.of())));
            }
            out.add(new Series(key.legalEntity(), key.currency(), list));
        });
        return out;
    }

    private static Horizon horizon(int days, List<BigDecimal[]> pairs) {
        if (pairs.isEmpty()) {
            return new Horizon(days, 0, null, null);
        }
        BigDecimal absolute = BigDecimal.ZERO;
        BigDecimal relative = BigDecimal.ZERO;
        int relatives = 0;
        for (BigDecimal[] p : pairs) {
            BigDecimal error = p[0].subtract(p[1]).abs();
            absolute = absolute.add(error);
            if (p[1].signum() != 0) {
                relative = relative.add(error.divide(p[1].abs(), MathContext.DECIMAL64));
                relatives++;
            }
        }
        BigDecimal mae = absolute.divide(BigDecimal.valueOf(pairs.size()), 2, RoundingMode.HALF_EVEN);
        BigDecimal mape = relatives == 0 ? null
                : relative.divide(BigDecimal.valueOf(relatives), MathContext.DECIMAL64).setScale(4, RoundingMode.HALF_EVEN);
        return new Horizon(days, pairs.size(), mae, mape);
    }
}
