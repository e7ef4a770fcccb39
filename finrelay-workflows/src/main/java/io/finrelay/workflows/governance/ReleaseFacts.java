package io.finrelay.workflows.governance;

import io.finrelay.model.Money;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the duty rules look at when someone releases a payment.
 *
 * @param object            what is paid, for the sentences (e.g. {@code report ER-2026-0001})
 * @param releaser          who releases now, with their roles
 * @param submitter         who submitted the claim or invoice (the maker)
 * @param approver          who approved it
 * @param earlierReleasers  who has released this payment already
 * @param amount            the payment amount
 * @param entityThreshold   the legal entity's own four-eyes threshold in the amount's currency, or null
 * @param payeeBankChange   the last change of the payee's bank details, or null if none is recorded
 * @param now               when the release is asked for
 */
public record ReleaseFacts(String object, Actor releaser, String submitter, String approver, List<String> earlierReleasers,
                           Money amount, Money entityThreshold, BankDetailChange payeeBankChange, Instant now) {
    public ReleaseFacts {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(releaser, "releaser");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(now, "now");
        earlierReleasers = earlierReleasers == null ? List.of() : List.copyOf(earlierReleasers);
    }
}
