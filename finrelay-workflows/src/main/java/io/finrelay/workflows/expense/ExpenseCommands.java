package io.finrelay.workflows.expense;

import io.finrelay.engine.workflow.CommandType;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.workflows.port.JournalEntryJson;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Every command the expense workflow sends, once: the connector, the command type and the payload
 * record. Connectors read a payload with {@code command.payload(ExpenseCommands.X)}; the payloads'
 * JSON is what the peers receive, so a component's name is part of the wire format.
 */
public final class ExpenseCommands {
    public static final String ERP = "expense-erp";
    public static final String TREASURY = "treasury";
    public static final String EXPENSE_PLATFORM = "expense-platform";

    /** The balanced journal entry, sent (and stored) in its canonical JSON ({@link JournalEntryJson}). */
    public static final CommandType<JournalEntry> POST_JOURNAL = new CommandType<>(ERP, "post-journal", JournalEntry.class,
            JournalEntryJson.CODEC);
    public static final CommandType<ClearPayable> CLEAR_PAYABLE = new CommandType<>(ERP, "clear-payable", ClearPayable.class);
    public static final CommandType<Obligation> CREATE_OBLIGATION = new CommandType<>(TREASURY, "create-obligation",
            Obligation.class);
    public static final CommandType<Release> RELEASE_PAYMENT = new CommandType<>(TREASURY, "release-payment", Release.class);
    public static final CommandType<StatusUpdate> REPORT_STATUS = new CommandType<>(EXPENSE_PLATFORM, "report-status",
            StatusUpdate.class);

    private ExpenseCommands() {}

    /** A reimbursement owed to the employee, for treasury to schedule into a payment run. */
    public record Obligation(String obligationId, String reportId, String legalEntityId, Booking.Payee payee,
                             BigDecimal amount, String currency, LocalDate requestedDate, String remittance) {}

    public record Release(String obligationId, List<String> releasedBy) {}

    public record ClearPayable(String reportId, String legalEntityId, String journalRef, String paymentRef,
                               BigDecimal amount, String currency, String status) {}

    public record StatusUpdate(String reportId, String status, String detail) {}
}
