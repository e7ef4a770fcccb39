package io.finrelay.reconciliation;

import io.finrelay.model.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What the tenant expects to see on its accounts: a receivable (money in, matched by credits) or a
 * payable (money out, matched by debits), from the ERP, from Finrelay's own payments, or from the API.
 * Text fields are null when unknown.
 *
 * @param id             unique per tenant (e.g. {@code AR-0001}, or a payment's end-to-end id)
 * @param legalEntity    the owning legal entity, or null: then any of the tenant's accounts in the currency
 * @param paymentRunId   the payment information block a batched debit books as one entry, or null
 * @param amount         what is still open, positive
 */
public record OpenItem(
        String id,
        Side side,
        String legalEntity,
        String counterpartyName,
        String counterpartyIban,
        String invoiceNumber,
        String creditorReference,
        String endToEndId,
        String paymentRunId,
        Money amount,
        LocalDate dueDate) {

    public OpenItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative() || amount.isZero()) {
            throw new IllegalArgumentException("open item " + id + ": the open amount is positive, not " + amount);
        }
    }

    public enum Side { RECEIVABLE, PAYABLE }
}
