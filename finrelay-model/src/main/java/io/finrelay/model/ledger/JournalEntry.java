package io.finrelay.model.ledger;

import io.finrelay.model.Check;
import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.JournalEntryId;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.TenantId;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A journal entry for one legal entity and booking date. It cannot exist unbalanced: for EVERY
 * currency, debits equal credits. A grand total that balances across currencies is not enough (EUR
 * 10 debit against USD 10 credit is refused); currency conversion is booked explicitly, through an
 * FX or clearing account in each currency.
 */
public record JournalEntry(JournalEntryId id, TenantId tenantId, LegalEntityId legalEntityId, LocalDate bookingDate,
        String description, List<JournalLine> lines) {
    public JournalEntry {
        Check.required("id", id);
        Check.required("tenantId", tenantId);
        Check.required("legalEntityId", legalEntityId);
        Check.required("bookingDate", bookingDate);
        Check.text("description", description, 140);
        Check.required("lines", lines);
        for (int i = 0; i < lines.size(); i++) {
            Check.required("lines[" + i + "]", lines.get(i));
        }
        lines = List.copyOf(lines);
        requireBalanced(lines);
        // One line is never balanced (amounts are > 0), so only an empty list gets here.
        if (lines.size() < 2) {
            throw new ValidationException("lines", lines, "a journal entry needs at least two lines");
        }
    }

    /** Debits minus credits per currency; all zero for any constructed entry. */
    public static Map<Currency, Money> differences(List<JournalLine> lines) {
        // Sorted by currency code so that the reported currency is deterministic.
        Map<Currency, Money> net = new TreeMap<>((a, b) -> a.getCurrencyCode().compareTo(b.getCurrencyCode()));
        for (JournalLine line : lines) {
            net.merge(line.amount().currency(), line.signedAmount(), Money::plus);
        }
        return net;
    }

    private static void requireBalanced(List<JournalLine> lines) {
        for (Money difference : differences(lines).values()) {
            if (!difference.isZero()) {
                throw new UnbalancedJournalException(difference);
            }
        }
    }

    /** The total of the debit side in one currency (equal to the credit side). */
    public Money totalDebits(Currency currency) {
        return lines.stream().filter(l -> l.side() == Side.DEBIT && l.amount().currency().equals(currency))
                .map(JournalLine::amount).reduce(Money.zero(currency), Money::plus);
    }
}
