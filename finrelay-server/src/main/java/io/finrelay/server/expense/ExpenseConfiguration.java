package io.finrelay.server.expense;

import io.finrelay.connectors.erp.JournalOutboxConnector;
import io.finrelay.connectors.sandbox.SandboxPeerConnector;
import io.finrelay.engine.db.Database;
import io.finrelay.server.governance.Duties;
import io.finrelay.server.masterdata.BankDetails;
import io.finrelay.server.security.Access;
import io.finrelay.server.connectors.ErpConnections;
import io.finrelay.server.connectors.ErpRouter;
import io.finrelay.workflows.expense.ExpenseReimbursement;
import io.finrelay.workflows.expense.ReimbursementPayment;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The expense workflow and its connectors as beans, which the engine configuration picks up. Each
 * tenant's peers are found in its expense settings, so one node serves tenants with different peers.
 */
@Configuration(proxyBeanMethods = false)
public class ExpenseConfiguration {

    @Bean
    ExpenseReports expenseReports(Database db) {
        return new ExpenseReports(db);
    }

    /**
     * Master data and a release's duty facts are read, and the read models written (the report's, and its payment as reconciliation
     * expects it), in the transaction that decides.
     */
    @Bean
    ExpenseReimbursement expenseReimbursement(BankDetails bankDetails, Duties duties, Access access,
                                              ExpenseReports reports, ReimbursementPayment.Store payments) {
        return new ExpenseReimbursement(new ExpenseReferenceTables(bankDetails, duties, access), reports, payments);
    }

    /**
     * The ERP, chosen per tenant by its connector configuration: Tryton when configured so, else the
     * REST ERP at the expense settings' erpUrl. Journals for Tryton go in batches of up to 20 (its
     * sweet spot), gathered for a few milliseconds.
     */
    @Bean(destroyMethod = "close")
    ErpRouter erpConnector(ExpenseSettings settings, ErpConnections erps, Clock clock) {
        return new ErpRouter(erps, new JournalOutboxConnector(erps::tryton, 20,
                Duration.ofMillis(5), 1, clock), new SandboxPeerConnector(SandboxPeerConnector.ERP,
                t -> settings.endpoint(t, "erp")));
    }

    @Bean
    SandboxPeerConnector treasuryConnector(ExpenseSettings settings) {
        return new SandboxPeerConnector(SandboxPeerConnector.TREASURY, t -> settings.endpoint(t, SandboxPeerConnector.TREASURY));
    }

    @Bean
    SandboxPeerConnector expensePlatformConnector(ExpenseSettings settings) {
        return new SandboxPeerConnector(SandboxPeerConnector.EXPENSE_PLATFORM,
                t -> settings.endpoint(t, SandboxPeerConnector.EXPENSE_PLATFORM));
    }
}
