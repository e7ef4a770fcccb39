package io.finrelay.model.treasury;

import io.finrelay.model.Check;
import io.finrelay.model.Money;
import io.finrelay.model.bank.Iban;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.TenantId;
import java.time.Instant;
import java.util.Currency;

/**
 * The cash on one bank account at one moment: booked balance (what the bank has booked) and
 * available balance (what can be spent now, after holds and credit lines). Either may be negative
 * (an overdraft); both are in the account currency.
 */
public record CashPosition(TenantId tenantId, LegalEntityId legalEntityId, Iban account, Currency currency,
        Instant asOf, Money booked, Money available) {
    public CashPosition {
        Check.required("tenantId", tenantId);
        Check.required("legalEntityId", legalEntityId);
        Check.required("account", account);
        Check.moneyCurrency("currency", currency);
        Check.required("asOf", asOf);
        Check.inCurrency("booked", booked, currency);
        Check.inCurrency("available", available, currency);
    }
}
