package io.finrelay.formats.iso20022.pain001;

import io.finrelay.model.Money;
import io.finrelay.model.bank.Iban;
import io.finrelay.model.payment.PaymentInstruction;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Currency;
import java.util.List;

/**
 * A written pain.001 message: its bytes (already validated against the official XSD) and the
 * batches it holds, so the bank's pain.002 answer can be matched to each payment.
 */
public record Pain001File(Pain001Version version, String messageId, OffsetDateTime createdAt, byte[] content,
        List<Batch> batches) {

    public Pain001File {
        content = content.clone();
        batches = List.copyOf(batches);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    public int numberOfTransactions() {
        return batches.stream().mapToInt(b -> b.payments().size()).sum();
    }

    /** One PmtInf block: one debtor account, one currency, one requested execution date. */
    public record Batch(String paymentInformationId, Iban debtorIban, Currency currency, LocalDate executionDate,
            boolean sepa, Money controlSum, List<PaymentInstruction> payments) {
        public Batch {
            payments = List.copyOf(payments);
        }
    }
}
