package io.finrelay.workflows.expense;

/**
 * Who paid for an expense line, as the expense platform says it (SAP Concur's payment type on each
 * expense, Expensify's {@code reimbursable} flag): the employee out of pocket, to be reimbursed, or the
 * company through a company-billed corporate card, which the card issuer settles with the company and the
 * employee is never paid for.
 */
public enum PaymentType {
    /** Paid by the employee (cash, a personal card): owed to the employee. */
    CASH,
    /** Paid with a corporate card billed to the company: owed to the card issuer, not to the employee. */
    COMPANY_CARD
}
