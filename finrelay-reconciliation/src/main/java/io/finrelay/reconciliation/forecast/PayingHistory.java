package io.finrelay.reconciliation.forecast;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How late each customer pays, from the receivables the reconciliation matched to the bank: the median
 * of the days between an invoice's due date and the booking of its payment (negative: early). A
 * customer's open receivable is expected that many days after its due date; a customer with fewer than
 * {@link #MIN_PAYMENTS} known payments is expected on the due date. The median, not the mean: one
 * payment made half a year late after a dispute does not move every later forecast.
 */
public final class PayingHistory {
    /** Fewer known payments than this say too little about a customer to move its due dates. */
    public static final int MIN_PAYMENTS = 2;

    /** A receivable the bank paid: the customer, the invoice's due date, the day the payment was booked. */
    public record Paid(String counterparty, LocalDate due, LocalDate bookedOn) {}

    private final Map<String, Integer> lateDays;
    private final Map<String, Integer> payments;

    private PayingHistory(Map<String, Integer> lateDays, Map<String, Integer> payments) {
        this.lateDays = lateDays;
        this.payments = payments;
    }

    public static PayingHistory of(Collection<Paid> paid) {
        Map<String, List<Long>> delays = new HashMap<>();
        for (Paid p : paid) {
            if (p.counterparty() == null || p.counterparty().isBlank() || p.due() == null || p.bookedOn() == null) {
                continue;
            }
            delays.computeIfAbsent(key(p.counterparty()), k -> new ArrayList<>())
                    .add(ChronoUnit.DAYS.between(p.due(), p.bookedOn()));
        }
        Map<String, Integer> late = new HashMap<>();
        Map<String, Integer> count = new HashMap<>();
        delays.forEach((customer, days) -> {
            count.put(customer, days.size());
            if (days.size() >= MIN_PAYMENTS) {
                List<Long> sorted = days.stream().sorted().toList();
                int n = sorted.size();
                // The lower median of an even count: the earlier of the two middle payments.
                late.put(customer, Math.toIntExact(sorted.get((n - 1) / 2)));
            }
        });
        return new PayingHistory(late, count);
    }

    /** No history: every receivable on its due date. */
    public static PayingHistory none() {
        return new PayingHistory(Map.of(), Map.of());
    }

    /** How many days after the due date this customer pays (0 without enough history). */
    public int lateDays(String counterparty) {
        return counterparty == null ? 0 : lateDays.getOrDefault(key(counterparty), 0);
    }

    /** How many of this customer's payments the history knows. */
    public int payments(String counterparty) {
        return counterparty == null ? 0 : payments.getOrDefault(key(counterparty), 0);
    }

    /** When this customer's receivable due on {@code due} is expected to be paid. */
    public LocalDate expected(String counterparty, LocalDate due) {
        return due.plusDays(lateDays(counterparty));
    }

    /** Customers are the same by name whatever the case and surrounding spaces. */
    private static String key(String counterparty) {
        return counterparty.strip().toLowerCase(Locale.ROOT);
    }
}
