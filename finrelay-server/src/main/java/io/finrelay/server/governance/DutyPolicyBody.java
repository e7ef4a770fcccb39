package io.finrelay.server.governance;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * A tenant's segregation-of-duties policy as the API takes it. Left-out flags are on, a left-out
 * cooling period is seven days, no thresholds means four eyes never.
 *
 * @param fourEyesAbove amounts above which a second releaser is needed, one per currency
 * @param bankDetailCooling how long after a payee's bank details changed their changer may not release (ISO 8601)
 * @param selfApprovalForbidden whether the submitter of a report may not approve or release it
 * @param makerChecker whether whoever changed a payee's bank details may not release to them within the cooling period
 */
public record DutyPolicyBody(
        @Valid List<@NotNull(message = "must be an amount and an ISO 4217 currency") @Valid FourEyesThreshold> fourEyesAbove,
        @Pattern(regexp = "[-+]?P.*", message = "must be an ISO 8601 duration, e.g. P7D") String bankDetailCooling,
        Boolean selfApprovalForbidden,
        Boolean makerChecker) {

    /** An amount (a decimal string, e.g. {@code "1000.00"}) in an ISO 4217 currency. */
    public record FourEyesThreshold(
            @NotNull(message = "is required") @Pattern(regexp = "\\d{1,15}(\\.\\d{1,4})?",
                    message = "must be a decimal amount, e.g. 1000.00") String amount,
            @NotNull(message = "is required") @Pattern(regexp = "[A-Z]{3}",
                    message = "must be an ISO 4217 currency code") String currency) {}
}
