package io.finrelay.workflows.expense;

import io.finrelay.engine.workflow.WorkflowState;
import java.util.List;

/**
 * The states of an expense report's reimbursement. Every state after {@link Received} carries the
 * report's {@link ExpenseCase}. Each instance stores its state's name and JSON: renaming a state or changing a
 * field of a state or of {@link ExpenseCase} is a new version of the workflow's stored format, with an upcaster
 * from the one before ({@link ExpenseReimbursement#storedFormat}; {@code StoredStatesTest} holds every state to
 * the fixture of each version).
 */
public sealed interface ExpenseState extends WorkflowState {

    /** The case a (non-initial) state carries. */
    static ExpenseCase caseOf(ExpenseState state) {
        return switch (state) {
            case Received r -> throw new IllegalArgumentException("no case before the report arrived");
            case NeedsAttention s -> s.c();
            case PossibleDuplicate s -> s.c();
            case Posting s -> s.c();
            case Scheduling s -> s.c();
            case AwaitingRelease s -> s.c();
            case Paying s -> s.c();
            case PaymentRejected s -> s.c();
            case PaymentReturned s -> s.c();
            case ClearingPayable s -> s.c();
            case ReportingStatus s -> s.c();
            case Reimbursed s -> s.c();
            case PaidByCompany s -> s.c();
            case Withdrawn s -> s.c();
        };
    }

    /** Before the first event. */
    record Received() implements ExpenseState {}

    /** Validation failed; an operator fixes master data or mapping and retries. */
    record NeedsAttention(ExpenseCase c, String code, String reason) implements ExpenseState {}

    /** The report looks like an earlier one: never posted automatically. */
    record PossibleDuplicate(ExpenseCase c, List<String> earlierReports, ReferenceData reference) implements ExpenseState {}

    record Posting(ExpenseCase c) implements ExpenseState {}

    /** The reimbursement obligation is with treasury, to be scheduled into a payment run. */
    record Scheduling(ExpenseCase c) implements ExpenseState {}

    record AwaitingRelease(ExpenseCase c) implements ExpenseState {}

    /** Released; waiting for the bank's verdict. */
    record Paying(ExpenseCase c) implements ExpenseState {}

    record PaymentRejected(ExpenseCase c, String reasonCode) implements ExpenseState {}

    /**
     * The bank gave the money back after paying it (a return: closed account, wrong IBAN...), possibly
     * after the report was reimbursed; an operator corrects the bank details and retries, as after a rejection.
     */
    record PaymentReturned(ExpenseCase c, String reasonCode) implements ExpenseState {}

    record ClearingPayable(ExpenseCase c) implements ExpenseState {}

    /** The final status is being reported to the expense platform. */
    record ReportingStatus(ExpenseCase c, String status) implements ExpenseState {}

    record Reimbursed(ExpenseCase c) implements ExpenseState {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    /**
     * Every line was paid by company card: the report is posted (expense against the card clearing account)
     * and the employee is owed nothing, so it ends without a payment; the card issuer's settlement pays it.
     */
    record PaidByCompany(ExpenseCase c) implements ExpenseState {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    record Withdrawn(ExpenseCase c, String reason) implements ExpenseState {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }
}
