package io.finrelay.model.bank;

import java.util.Locale;
import java.util.Optional;

/**
 * The common ISO 20022 reasons a bank gives for returning a payment (ExternalReturnReason1Code, as
 * used in pacs.004 and camt {@code RtrInf/Rsn/Cd}), with a few words each so an operator sees what
 * happened. SEPA also passes the cancellation reasons of a recall ({@code CUST}, {@code DUPL},
 * {@code FRAD}, {@code TECH}) through to the return that follows it; they are here too.
 *
 * <p>The list is not the whole code set: a code not listed is kept as the bank gave it
 * ({@link #describe(String)} answers it unchanged), never refused.
 */
public enum ReturnReason {
    AC01("Account identifier incorrect"),
    AC03("Creditor account identifier incorrect"),
    AC04("Account closed"),
    AC06("Account blocked"),
    AC13("Debtor account type invalid (a consumer account in a business direct debit)"),
    AG01("Transaction forbidden on this type of account"),
    AG02("Invalid bank operation code"),
    AM04("Insufficient funds"),
    AM05("Duplicate collection"),
    AM09("Wrong amount"),
    BE01("Party inconsistent with the account holder"),
    BE04("Creditor address missing or incorrect"),
    BE05("Creditor identifier not recognised"),
    CNOR("Creditor bank not reachable in the clearing"),
    CURR("Currency incorrect"),
    CUST("Cancelled at the customer's request"),
    DNOR("Debtor bank not reachable in the clearing"),
    DUPL("Duplicate payment"),
    ED05("Settlement failed"),
    FF01("Invalid file format"),
    FOCR("Returned after a cancellation request"),
    FR01("Fraud"),
    FRAD("Fraudulent origin"),
    MD01("No valid mandate"),
    MD02("Mandate data missing or incorrect"),
    MD06("Refund requested by the debtor"),
    MD07("Account holder deceased"),
    MS02("Refused by the customer, reason not specified"),
    MS03("Reason not specified"),
    NARR("Reason given in words"),
    RC01("Bank identifier (BIC) incorrect"),
    RR01("Regulatory reason: debtor account or identification missing"),
    RR02("Regulatory reason: debtor name or address missing"),
    RR03("Regulatory reason: creditor name or address missing"),
    RR04("Regulatory reason"),
    SL01("Specific service of the debtor's bank (e.g. a direct debit block)"),
    TECH("Technical problem"),
    TM01("Received after the cut-off time");

    private final String description;

    ReturnReason(String description) {
        this.description = description;
    }

    /** The four-character ISO code, e.g. {@code AC04}. */
    public String code() {
        return name();
    }

    /** A few plain words, e.g. "Account closed". */
    public String description() {
        return description;
    }

    /** The listed reason for an ISO code (case and surrounding blanks ignored), or empty. */
    public static Optional<ReturnReason> of(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String normalised = code.strip().toUpperCase(Locale.ROOT);
        for (ReturnReason reason : values()) {
            if (reason.name().equals(normalised)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }

    /** Words for a code: the description of a listed code, else the code as given (null stays null). */
    public static String describe(String code) {
        return of(code).map(ReturnReason::description).orElse(code);
    }
}
