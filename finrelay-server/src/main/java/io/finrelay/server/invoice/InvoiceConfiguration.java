package io.finrelay.server.invoice;

import io.finrelay.connectors.sandbox.SupplierInvoiceConnector;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.connectors.ErpConnections;
import io.finrelay.server.expense.ExpenseSettings;
import io.finrelay.server.masterdata.BankDetails;
import io.finrelay.workflows.invoice.InvoiceToPay;
import io.finrelay.workflows.invoice.RunPayment;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Invoice to pay as beans: the workflow (reading its tables and writing its payments' items in the deciding transaction), its ERP connector, its policy store. */
@Configuration(proxyBeanMethods = false)
public class InvoiceConfiguration {

    @Bean
    InvoiceToPay invoiceToPay(BankDetails bankDetails, RunPayment.Store payments) {
        return new InvoiceToPay(new InvoiceTables(bankDetails), payments);
    }

    /** Posts supplier invoices in the tenant's ERP: Tryton when so configured, else the REST ERP at the expense settings' erpUrl. */
    @Bean
    InvoicePostingRouter invoicePostingConnector(ExpenseSettings settings, ErpConnections erps) {
        return new InvoicePostingRouter(erps, new SupplierInvoiceConnector(t -> settings.endpoint(t, "erp")));
    }

    /** Remittance advices to suppliers, through the REST ERP at the expense settings' erpUrl (none without one). */
    @Bean
    io.finrelay.connectors.sandbox.RemittanceAdviceConnector remittanceAdviceConnector(ExpenseSettings settings) {
        return new io.finrelay.connectors.sandbox.RemittanceAdviceConnector(t -> settings.endpoint(t, "erp"));
    }

    @Bean
    InvoiceWorkflow invoiceWorkflow(WorkflowEngine engine) {
        return new InvoiceWorkflow(engine);
    }

    /** Payment runs: one pain.001 per run, written once; its payments expected by reconciliation when it opens; its read model. */
    @Bean
    io.finrelay.workflows.invoice.PaymentRun paymentRunWorkflow(RunPayment.Store payments) {
        return new io.finrelay.workflows.invoice.PaymentRun(payments, new PaymentRunViews());
    }

    @Bean
    PaymentFileConnector paymentFileConnector(io.finrelay.server.bank.BankOutbound outbound, Clock clock) {
        return new PaymentFileConnector(outbound, clock);
    }

    @Bean
    PaymentRuns paymentRuns(WorkflowEngine engine, SupplierInvoices invoices, io.finrelay.server.bank.HouseBankAccounts accounts,
                            ApPolicies policies) {
        return new PaymentRuns(engine, invoices, accounts, policies);
    }

    /** The journals Finrelay caused, exported for an outside check (hledger). */
    @Bean
    io.finrelay.server.ledger.LedgerExport ledgerExport(Database db) {
        return new io.finrelay.server.ledger.LedgerExport(db);
    }

    @Bean
    ApprovalRules approvalRules(Database db, AuditLog audit, Clock clock) {
        return new ApprovalRules(db, audit, clock);
    }

    @Bean
    ApPolicies apPolicies(Database db, AuditLog audit, Clock clock) {
        return new ApPolicies(db, audit, clock);
    }
}
