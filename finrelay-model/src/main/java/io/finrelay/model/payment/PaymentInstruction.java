package io.finrelay.model.payment;

import io.finrelay.model.Check;
import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.bank.BankAccount;
import io.finrelay.model.id.PaymentInstructionId;
import io.finrelay.model.id.TenantId;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One credit transfer to send to a bank (one pain.001 transaction). The end-to-end id travels with
 * the money to the creditor and back in the statement; it is at most 35 characters of the SEPA
 * character set. Remittance information is at most 140 characters (may be empty when a structured
 * creditor reference is given).
 */
public record PaymentInstruction(PaymentInstructionId id, TenantId tenantId, BankAccount debtorAccount,
        String creditorName, BankAccount creditorAccount, Money amount, LocalDate requestedExecutionDate,
        String endToEndId, String remittanceInformation, Optional<CreditorReference> creditorReference) {
    /** SEPA Latin characters, 1 to 35, not starting or ending with '/' and without "//". */
    public static final String END_TO_END_ID_PATTERN = "(?!/)(?!.*//)[A-Za-z0-9/?:().,'+ -]{1,35}(?<!/)";
    private static final Pattern END_TO_END_ID = Pattern.compile(END_TO_END_ID_PATTERN);

    public PaymentInstruction {
        Check.required("id", id);
        Check.required("tenantId", tenantId);
        Check.required("debtorAccount", debtorAccount);
        Check.text("creditorName", creditorName, 140);
        Check.required("creditorAccount", creditorAccount);
        Check.positive("amount", amount);
        Check.required("requestedExecutionDate", requestedExecutionDate);
        Check.text("endToEndId", endToEndId, 35);
        if (!END_TO_END_ID.matcher(endToEndId).matches()) {
            throw new ValidationException("endToEndId", endToEndId,
                    "must use letters, digits and / - ? : ( ) . , ' + space only, not start or end with / nor contain //");
        }
        Check.maxLength("remittanceInformation", remittanceInformation, 140);
        Check.required("creditorReference", creditorReference);
    }
}
