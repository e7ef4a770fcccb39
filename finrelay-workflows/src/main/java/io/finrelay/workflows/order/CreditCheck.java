package io.finrelay.workflows.order;

import io.finrelay.model.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The credit exposure rule, pure: what the customer would owe with this order (the ERP's credit
 * amount, which is its open receivables plus confirmed orders not yet invoiced, plus Finrelay's
 * released orders not yet booked in the ERP, plus this order) against the ERP's credit limit and the
 * treasury's counterparty threshold of the tenant. Either may be absent (no limit); an amount in
 * another currency than the order's cannot be compared and holds the order, rather than being
 * converted at a rate nobody chose.
 */
public final class CreditCheck {
    private CreditCheck() {}

    /**
     * The figures the decision is taken on. {@code creditLimit} and {@code threshold} may be null (none);
     * {@code openReceivables} is the part of {@code erpCreditAmount} that is invoiced and unpaid, shown for the reader.
     */
    public record Figures(Money erpCreditAmount, Money openReceivables, Money creditLimit, Money inFlight,
                          Money threshold) {
        public Figures {
            Objects.requireNonNull(erpCreditAmount, "erpCreditAmount");
            Objects.requireNonNull(openReceivables, "openReceivables");
            Objects.requireNonNull(inFlight, "inFlight");
        }
    }

    /**
     * The verdict with its figures: {@code exposure} is what the customer would owe with the order;
     * {@code reasons} name each limit it breaks (empty: within). {@code summary} is the sentence the
     * timeline and the API show.
     */
    public record Assessment(Money order, Money exposure, Money creditLimit, Money threshold, List<String> reasons,
                             String summary) {
        public Assessment {
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(exposure, "exposure");
            reasons = List.copyOf(reasons);
            Objects.requireNonNull(summary, "summary");
        }

        public boolean within() {
            return reasons.isEmpty();
        }
    }

    public static Assessment assess(Money order, Figures f) {
        String currency = order.currencyCode();
        List<String> reasons = new ArrayList<>();
        for (Money m : List.of(f.erpCreditAmount(), f.openReceivables(), f.inFlight())) {
            if (!m.currencyCode().equals(currency)) {
                reasons.add("the ERP reports the customer's credit in " + m.currencyCode() + ", the order is in " + currency);
                return new Assessment(order, order, f.creditLimit(), f.threshold(), reasons, "credit hold: " + reasons.getFirst()
                        + "; a credit controller decides");
            }
        }
        Money exposure = f.erpCreditAmount().plus(f.inFlight()).plus(order);
        String figures = "exposure " + text(exposure) + " = ERP credit amount " + text(f.erpCreditAmount())
                + " (open receivables " + text(f.openReceivables()) + ") + orders in flight " + text(f.inFlight())
                + " + this order " + text(order);
        check(reasons, "the ERP credit limit", f.creditLimit(), exposure);
        check(reasons, "the counterparty threshold", f.threshold(), exposure);
        String limits = "; credit limit " + (f.creditLimit() == null ? "none" : text(f.creditLimit()))
                + ", counterparty threshold " + (f.threshold() == null ? "none" : text(f.threshold()));
        String summary = (reasons.isEmpty() ? "within credit: " : "credit hold: ") + figures + limits
                + (reasons.isEmpty() ? "" : "; " + String.join("; ", reasons));
        return new Assessment(order, exposure, f.creditLimit(), f.threshold(), reasons, summary);
    }

    private static void check(List<String> reasons, String name, Money limit, Money exposure) {
        if (limit == null) {
            return;
        }
        if (!limit.currencyCode().equals(exposure.currencyCode())) {
            reasons.add(name + " is in " + limit.currencyCode() + ", the order in " + exposure.currencyCode());
        } else if (exposure.compareTo(limit) > 0) {
            reasons.add("exceeds " + name + " of " + text(limit) + " by " + text(exposure.minus(limit)));
        }
    }

    static String text(Money m) {
        return m.amount().toPlainString() + " " + m.currencyCode();
    }
}
