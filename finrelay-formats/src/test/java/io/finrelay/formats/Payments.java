package io.finrelay.formats;

import io.finrelay.model.Money;
import io.finrelay.model.bank.BankAccount;
import io.finrelay.model.bank.Bic;
import io.finrelay.model.bank.Iban;
import io.finrelay.model.id.PaymentInstructionId;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.payment.CreditorReference;
import io.finrelay.model.payment.PaymentInstruction;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Payment instructions for tests: fixed ids, real-shaped accounts, non-ASCII names. */
public final class Payments {
    public static final TenantId TENANT = TenantId.of("00000000-0000-4000-8000-000000000001");
    public static final BankAccount OUR_EUR = BankAccount.of(Iban.of("DE89370400440532013000"), Bic.of("COBADEFFXXX"),
            "Finrelay Demo GmbH & Co. KG");
    public static final BankAccount OUR_SECOND = BankAccount.of(Iban.of("NL91ABNA0417164300"), "Finrelay Demo B.V.");
    public static final LocalDate DAY = LocalDate.of(2024, 3, 15);

    private Payments() {
    }

    public static PaymentInstruction payment(int n, BankAccount debtor, String creditor, BankAccount creditorAccount,
            String amount, String currency, LocalDate date, String remittance, String creditorReference) {
        return new PaymentInstruction(new PaymentInstructionId(new UUID(0x1000L, n)), TENANT, debtor, creditor,
                creditorAccount, Money.of(amount, currency), date, "E2E-" + n, remittance == null ? "" : remittance,
                Optional.ofNullable(creditorReference).map(CreditorReference::of));
    }

    /** Two SEPA batches (two debtor accounts), one later date, one non-SEPA USD and one EUR-to-Turkey payment. */
    public static List<PaymentInstruction> mixed() {
        BankAccount zoe = BankAccount.of(Iban.of("DE02120300000000202051"), Bic.of("BYLADEM1001"), "Zoë Müller-Łukasiewicz");
        BankAccount facades = BankAccount.of(Iban.of("FR1420041010050500013M02606"), "Société Générale Façades");
        BankAccount oresund = BankAccount.of(Iban.of("DK5000400440116243"), "Øresund Ærø ApS");
        BankAccount london = BankAccount.of(Iban.of("GB29NWBK60161331926819"), Bic.of("NWBKGB2LXXX"), "Thames & Co Ltd");
        BankAccount istanbul = BankAccount.of(Iban.of("TR330006100519786457841326"), Bic.of("ISBKTRISXXX"), "Çelik Ödeme A.Ş.");
        return List.of(
                payment(1, OUR_EUR, "Zoë Müller-Łukasiewicz", zoe, "250.00", "EUR", DAY, null, "RF18539007547034"),
                payment(2, OUR_EUR, "Société Générale Façades", facades, "120.00", "EUR", DAY, "Facture 2024-117 façade nord", null),
                payment(3, OUR_SECOND, "Øresund Ærø ApS", oresund, "180.00", "EUR", DAY, "Faktura 88 – marts", null),
                payment(4, OUR_EUR, "Øresund Ærø ApS", oresund, "99.99", "EUR", DAY.plusDays(1), "Faktura 89", null),
                payment(5, OUR_EUR, "Thames & Co Ltd", london, "1000.00", "USD", DAY, "Invoice 77", null),
                payment(6, OUR_EUR, "Çelik Ödeme A.Ş.", istanbul, "42.00", "EUR", DAY, "Sipariş 12", null));
    }
}
