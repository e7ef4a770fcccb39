package io.finrelay.workflows.expense;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one report's instance has gathered so far; each state carries it. Fields fill in as the
 * report moves on (null until then): the booking after validation, the ERP's journal reference
 * after posting, the treasury obligation after scheduling, the releases, the bank's reference.
 *
 * @param paymentAttempt 1 for the first payment; a payment the bank rejected is reissued as the next
 */
public record ExpenseCase(Claim claim, Booking booking, String journalRef, String obligationId,
                          String paymentRun, int paymentAttempt, List<String> releasedBy, String bankRef) {
    public ExpenseCase {
        Objects.requireNonNull(claim, "claim");
        releasedBy = releasedBy == null ? List.of() : List.copyOf(releasedBy);
    }

    public static ExpenseCase of(Claim claim) {
        return new ExpenseCase(claim, null, null, null, null, 1, List.of(), null);
    }

    public String reportId() {
        return claim.reportId();
    }

    ExpenseCase booked(Booking value) {
        return new ExpenseCase(claim, value, journalRef, obligationId, paymentRun, paymentAttempt, releasedBy, bankRef);
    }

    ExpenseCase posted(String ref) {
        return new ExpenseCase(claim, booking, ref, obligationId, paymentRun, paymentAttempt, releasedBy, bankRef);
    }

    ExpenseCase scheduled(String obligation, String run) {
        return new ExpenseCase(claim, booking, journalRef, obligation, run, paymentAttempt, releasedBy, bankRef);
    }

    ExpenseCase releasedBy(String person) {
        List<String> all = new ArrayList<>(releasedBy);
        all.add(person);
        return new ExpenseCase(claim, booking, journalRef, obligationId, paymentRun, paymentAttempt, all, bankRef);
    }

    ExpenseCase withBankRef(String ref) {
        return new ExpenseCase(claim, booking, journalRef, obligationId, paymentRun, paymentAttempt, releasedBy,
                ref == null ? bankRef : ref);
    }

    /** A new payment for a rejected one: the next attempt, new payee details, releases start over. */
    ExpenseCase reissued(Booking rebooked) {
        return new ExpenseCase(claim, rebooked, journalRef, null, null, paymentAttempt + 1, List.of(), null);
    }

    /** The treasury obligation id of the current payment attempt. */
    String nextObligationId() {
        return claim.reportId() + "-P" + paymentAttempt;
    }
}
