package io.finrelay.server.bank;

import io.finrelay.engine.runtime.Input;
import io.finrelay.model.bank.PaymentStatus;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.workflows.expense.ExpenseEvent;
import io.finrelay.workflows.expense.ExpenseReimbursement;
import io.finrelay.workflows.invoice.InvoiceEvent;
import io.finrelay.workflows.invoice.InvoiceRules;
import io.finrelay.workflows.invoice.InvoiceToPay;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The one place that knows which workflow owns a payment a bank's status report (pain.002) answers,
 * and which event it takes. Two kinds of payment go out: expense reimbursements (treasury pays one
 * with the expense report's id as end-to-end id, see the sandbox treasury peer; the current attempt's
 * obligation id is in its state) and supplier invoices of a payment run (the end-to-end id names the
 * invoice and the attempt, {@code InvoiceRules.endToEndId}; the invoice's row keeps its current one).
 */
final class PaymentStatusHandOff {
    /** The workflow instance that owns a payment, and the payment's id there. */
    record Target(String workflowType, String businessKey, String paymentId) {}

    private PaymentStatusHandOff() {}

    /** The payment with this end-to-end id, read in the import's transaction; empty when no workflow sent it. */
    static Optional<Target> find(Connection c, TenantScope scope, String endToEndId) throws SQLException {
        if (endToEndId == null || endToEndId.isBlank()) {
            return Optional.empty();
        }
        Optional<String> invoice = InvoiceRules.invoiceOf(endToEndId);
        if (invoice.isPresent()) {
            try (PreparedStatement select = TenantSql.prepare(c, scope, "select id from supplier_invoice "
                    + "where tenant_id = ? and id = ?::uuid and end_to_end_id = ?")) {
                select.setString(2, invoice.get());
                select.setString(3, endToEndId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(new Target(InvoiceToPay.TYPE, invoice.get(), endToEndId)) : Optional.empty();
                }
            }
        }
        // The expense workflow's read model keeps each report's current payment (its treasury obligation).
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select obligation_id from expense_report "
                + "where tenant_id = ? and report_id = ?")) {
            select.setString(2, endToEndId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return Optional.empty();
                }
                return Optional.of(new Target(ExpenseReimbursement.TYPE, endToEndId, rs.getString(1)));
            }
        }
    }

    /**
     * What the owning workflow is told, or empty when the status says nothing it acts on: received,
     * pending and technically accepted leave a payment being paid; a partial acceptance or an unknown
     * code at the level of one transaction is for an operator.
     */
    static Optional<Input> input(Target target, PaymentStatus status, String reasonCode, String bankRef, Instant at) {
        // The workflow reads the model's PaymentStatus itself (one mapping); what it cannot act on
        // for one transaction, a partial acceptance or an unknown code, is for an operator.
        if (status == PaymentStatus.PARTIALLY_ACCEPTED || status == PaymentStatus.UNKNOWN) {
            return Optional.empty();
        }
        if (target.workflowType().equals(InvoiceToPay.TYPE)) {
            return Optional.of(new Input.Domain(new InvoiceEvent.PaymentStatusReported(target.paymentId(), status,
                    reasonCode, bankRef, at)));
        }
        return Optional.of(new Input.Domain(new ExpenseEvent.PaymentStatusReported(target.paymentId(), status,
                reasonCode, bankRef, at)));
    }
}
