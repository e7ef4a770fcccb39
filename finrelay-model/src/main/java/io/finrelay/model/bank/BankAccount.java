package io.finrelay.model.bank;

import io.finrelay.model.Check;
import java.util.Optional;

/**
 * An account at a bank: the IBAN, the BIC where the channel needs one (SEPA has been IBAN-only since
 * 2016, so it is optional), and the account holder's name as the bank knows it (at most 70
 * characters, the SEPA limit).
 */
public record BankAccount(Iban iban, Optional<Bic> bic, String holderName) {
    public BankAccount {
        Check.required("iban", iban);
        Check.required("bic", bic);
        Check.text("holderName", holderName, 70);
    }

    public static BankAccount of(Iban iban, String holderName) {
        return new BankAccount(iban, Optional.empty(), holderName);
    }

    public static BankAccount of(Iban iban, Bic bic, String holderName) {
        return new BankAccount(iban, Optional.of(bic), holderName);
    }
}
