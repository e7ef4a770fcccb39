package io.finrelay.reconciliation.forecast;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cash forecast: per legal entity and currency, day by day from today, the opening position and
 * every expected inflow and outflow, each day's closing the previous one's plus its flows. Pure: the
 * caller reads the positions and flows; this adds them up, so that the same inputs give the same
 * figures and a figure can be traced to the flows behind it ({@link #flowsOn}).
 *
 * <p>A flow due before today (overdue) is expected today; one after the horizon is left out. A series
 * exists for every legal entity and currency that has an opening position or a flow in the horizon;
 * without a position it opens at zero ({@link Series#openingAsOf} empty).
 */
public final class CashForecast {
    private CashForecast() {}

    /** Where a flow comes from. */
    public enum Source {
        /** A supplier invoice scheduled for payment, not yet in a payment run. */
        SUPPLIER_PAYMENT,
        /** An open payable: a payment run's payment or a released reimbursement awaiting the bank. */
        PAYABLE,
        /** An open receivable, by its due date. */
        RECEIVABLE,
        /** An approved expense report not yet released for payment: owed to the employee now. */
        REIMBURSEMENT,
        /** What a card issuer will debit for a card account's statement on its settlement day. */
        CARD_SETTLEMENT,
        /** An open CRM opportunity: its amount weighted by the stage's probability, on its close date. */
        OPPORTUNITY
    }

    /** A bank balance the forecast starts from (the newest per account, summed per entity and currency). */
    public record Opening(String legalEntity, String currency, BigDecimal balance, Instant asOf) {
        public Opening {
            Objects.requireNonNull(legalEntity, "legalEntity");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(balance, "balance");
            Objects.requireNonNull(asOf, "asOf");
        }
    }

    /**
     * An expected movement: positive in, negative out, expected on {@code date}, named by its source and
     * reference; {@code due} is the date the item itself names (a customer who pays late is expected later).
     */
    public record Flow(Source source, String reference, String legalEntity, String currency, LocalDate date,
                       BigDecimal amount, LocalDate due) {
        public Flow {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(legalEntity, "legalEntity");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(due, "due");
        }

        /** A flow expected on the day it is due. */
        public Flow(Source source, String reference, String legalEntity, String currency, LocalDate date,
                    BigDecimal amount) {
            this(source, reference, legalEntity, currency, date, amount, date);
        }
    }

    /** One day: what comes in, what goes out (as a positive figure), the closing, and the flows per source. */
    public record Day(LocalDate date, BigDecimal inflow, BigDecimal outflow, BigDecimal closing,
                      Map<Source, BigDecimal> bySource, int flows) {}

    /** One legal entity's cash in one currency over the horizon. */
    public record Series(String legalEntity, String currency, BigDecimal opening, Optional<Instant> openingAsOf,
                         List<Day> days) {}

    private record Key(String legalEntity, String currency) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = legalEntity.compareTo(o.legalEntity);
            return c != 0 ? c : currency.compareTo(o.currency);
        }
    }

    /** The day a flow is expected: its date, or today when it is overdue; empty after the horizon. */
    static int dayIndex(LocalDate today, int days, LocalDate date) {
        long index = ChronoUnit.DAYS.between(today, date);
        return index < 0 ? 0 : index >= days ? -1 : (int) index;
    }

    /**
     * The forecast for {@code days} days from {@code today} (day 0 is today), one series per legal entity
     * and currency, ordered by both.
     */
    public static List<Series> compute(LocalDate today, int days, Collection<Opening> openings, Collection<Flow> flows) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1: " + days);
        }
        Map<Key, BigDecimal> opening = new HashMap<>();
        Map<Key, Instant> asOf = new HashMap<>();
        for (Opening o : openings) {
            Key key = new Key(o.legalEntity(), o.currency());
            opening.merge(key, o.balance(), BigDecimal::add);
            // Several accounts: the position is as old as its oldest balance.
            asOf.merge(key, o.asOf(), (a, b) -> a.isBefore(b) ? a : b);
        }
        // Per series and day: in, out, per source, count. Arrays indexed by day keep 100,000 flows cheap.
        Map<Key, Accumulator> sums = new TreeMap<>();
        opening.keySet().forEach(k -> sums.put(k, new Accumulator(days)));
        for (Flow f : flows) {
            int day = dayIndex(today, days, f.date());
            if (day < 0) {
                continue;
            }
            sums.computeIfAbsent(new Key(f.legalEntity(), f.currency()), k -> new Accumulator(days)).add(day, f);
        }
        List<Series> out = new ArrayList<>(sums.size());
        sums.forEach((key, acc) -> {
            BigDecimal start = opening.getOrDefault(key, BigDecimal.ZERO);
            out.add(new Series(key.legalEntity(), key.currency(), start, Optional.ofNullable(asOf.get(key)),
                    acc.days(today, start)));
        });
        return out;
    }

    /** The flows behind one day of one series: what the day's figures add up. */
    public static List<Flow> flowsOn(LocalDate today, int days, LocalDate date, String legalEntity, String currency,
                                     Collection<Flow> flows) {
        int wanted = dayIndex(today, days, date);
        if (wanted < 0 || date.isBefore(today)) {
            return List.of();
        }
        return flows.stream().filter(f -> f.legalEntity().equals(legalEntity) && f.currency().equals(currency)
                && dayIndex(today, days, f.date()) == wanted).toList();
    }

    private static final class Accumulator {
        private final BigDecimal[] in;
        private final BigDecimal[] out;
        private final int[] count;
        private final List<EnumMap<Source, BigDecimal>> bySource;

        Accumulator(int days) {
            in = new BigDecimal[days];
            out = new BigDecimal[days];
            count = new int[days];
            bySource = new ArrayList<>(days);
            for (int i = 0; i < days; i++) {
                in[i] = BigDecimal.ZERO;
                out[i] = BigDecimal.ZERO;
                bySource.add(new EnumMap<>(Source.class));
            }
        }

        void add(int day, Flow f) {
            if (f.amount().signum() >= 0) {
                in[day] = in[day].add(f.amount());
            } else {
                out[day] = out[day].subtract(f.amount());
            }
            count[day]++;
            bySource.get(day).merge(f.source(), f.amount(), BigDecimal::add);
        }

        List<Day> days(LocalDate today, BigDecimal opening) {
            List<Day> result = new ArrayList<>(in.length);
            BigDecimal closing = opening;
            for (int i = 0; i < in.length; i++) {
                closing = closing.add(in[i]).subtract(out[i]);
                result.add(new Day(today.plusDays(i), in[i], out[i], closing, bySource.get(i), count[i]));
            }
            return result;
        }
    }
}
