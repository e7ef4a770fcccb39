package io.finrelay.server.reconciliation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.connectors.sandbox.ClearingConnector;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.reconciliation.ScoringMatcher;
import io.finrelay.reconciliation.Matcher;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.bank.BankFileImported;
import io.finrelay.server.connectors.ErpConnections;
import io.finrelay.server.metrics.FinanceMetrics;
import io.finrelay.server.expense.ExpenseSettings;
import io.finrelay.server.security.Access;
import io.finrelay.workflows.expense.ReimbursementPayment;
import io.finrelay.workflows.invoice.RunPayment;
import io.finrelay.workflows.reconciliation.ReconciliationMatch;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * The reconciliation's parts as beans: the matcher (ONE place to switch), the match workflow and its
 * clearing connector, the stores, the runs, and the run after every bank-file import.
 */
@Configuration(proxyBeanMethods = false)
public class ReconciliationConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ReconciliationConfiguration.class);

    /** The matcher: exact keys, then scored candidates (finrelay-reconciliation/README.md). */
    @Bean
    Matcher reconciliationMatcher() {
        return new ScoringMatcher();
    }

    @Bean
    ReconciliationMatch reconciliationMatchWorkflow() {
        return new ReconciliationMatch();
    }

    /** Lines a tenant's rule books (bank charges, interest) posted to the ERP, once per line. */
    @Bean
    io.finrelay.workflows.reconciliation.BankBooking reconciliationBookingWorkflow() {
        return new io.finrelay.workflows.reconciliation.BankBooking();
    }

    /** Clears matched items in the tenant's ERP: Tryton when so configured, else the REST ERP at the expense settings' erpUrl. */
    @Bean
    ClearingRouter reconciliationClearingConnector(ExpenseSettings settings, ErpConnections erps) {
        return new ClearingRouter(erps, new ClearingConnector(t -> settings.endpoint(t, "erp")));
    }

    @Bean
    OpenItemStore openItemStore(ObjectMapper json) {
        return new OpenItemStore(json);
    }

    @Bean
    ReconciliationStore reconciliationStore(ObjectMapper json) {
        return new ReconciliationStore(json);
    }

    @Bean
    OpenItems openItems(Database db, OpenItemStore store, AuditLog audit, Clock clock, ObjectMapper json) {
        return new OpenItems(db, store, audit, clock, json);
    }

    @Bean
    ReturnHandoff returnHandoff(WorkflowEngine engine) {
        return new ReturnHandoff(engine);
    }

    @Bean
    ReconciliationRuns reconciliationRuns(Database db, Matcher matcher, WorkflowEngine engine, OpenItemStore items,
                                          ReconciliationStore store, ReturnHandoff returns, Clock clock, ObjectMapper json,
                                          FinanceMetrics metrics) {
        return new ReconciliationRuns(db, matcher, engine, items, store, returns, clock, json, metrics);
    }

    @Bean
    MatchDecisions matchDecisions(Database db, WorkflowEngine engine, OpenItemStore items, ReconciliationStore store,
                                  AuditLog audit, Clock clock) {
        return new MatchDecisions(db, engine, items, store, audit, clock);
    }

    /** Runs after imports, one at a time on this node (and one per tenant across nodes, by the run's lock). */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService reconciliationAfterImport() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "reconciliation-after-import");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    ImportListener reconciliationImportListener(ReconciliationRuns runs, Access access, ExecutorService reconciliationAfterImport) {
        return new ImportListener(runs, access, reconciliationAfterImport);
    }

    /** Starts a run of the tenant after each import (waiting for a run in progress to end first). */
    static final class ImportListener {
        private final ReconciliationRuns runs;
        private final Access access;
        private final ExecutorService executor;

        ImportListener(ReconciliationRuns runs, Access access, ExecutorService executor) {
            this.runs = runs;
            this.access = access;
            this.executor = executor;
        }

        @EventListener
        public void imported(BankFileImported event) {
            executor.execute(() -> {
                try {
                    runs.run(access.configured(new io.finrelay.model.id.TenantId(event.tenantId()), "reconciliation"),
                            "import:" + event.fileId(), true);
                } catch (RuntimeException e) {
                    log.warn("reconciliation after import of {} failed", event.fileId(), e);
                }
            });
        }
    }

    /** The expense workflow's reimbursements as open items, written by its transitions ({@link ReimbursementOpenItems}). */
    @Bean
    ReimbursementPayment.Store reimbursementOpenItems(Access access, OpenItemStore items) {
        return new ReimbursementOpenItems(access, items);
    }

    /** The payment runs' supplier payments as open items, written by the workflows' transitions ({@link RunPaymentOpenItems}). */
    @Bean
    RunPayment.Store runPaymentOpenItems(Access access, OpenItemStore items) {
        return new RunPaymentOpenItems(access, items);
    }

    /** At start-up, the items of runs opened before they were written by the run's opening ({@link RunPaymentsAtStart}). */
    @Bean
    RunPaymentsAtStart runPaymentsAtStart(Database db, Access access, WorkflowEngine engine, RunPayment.Store store,
                                          Clock clock) {
        return new RunPaymentsAtStart(db, access, engine, store, clock);
    }
}
