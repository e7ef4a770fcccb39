package io.finrelay.server.expense;

import io.finrelay.connectors.sandbox.SandboxPeerConnector;
import io.finrelay.engine.db.Database;
import io.finrelay.server.masterdata.BankDetails;
import io.finrelay.workflows.expense.ExpenseReimbursement;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The expense workflow and its connectors as beans, which the engine configuration picks up. Each
 * tenant's peers are found in its expense settings, so one node serves tenants with different peers.
 */
@Configuration(proxyBeanMethods = false)
public class ExpenseConfiguration {

    @Bean
    ExpenseReimbursement expenseReimbursement() {
        return new ExpenseReimbursement();
    }

    @Bean
    ReferenceDataConnector expenseReferenceConnector(Database db, Clock clock, BankDetails bankDetails) {
        return new ReferenceDataConnector(db, clock, bankDetails);
    }

    @Bean
    SandboxPeerConnector erpConnector(ExpenseSettings settings) {
        return new SandboxPeerConnector(SandboxPeerConnector.ERP, t -> settings.endpoint(t, "erp"));
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
