package io.finrelay.server.bank;

import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.IdGenerator;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.formats.channel.InboundFileProcessor;
import io.finrelay.server.metrics.FinanceMetrics;
import io.finrelay.server.security.TenantScope;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The one import path of bank files, whichever way they come (a watched directory, SFTP, the API):
 * the formats module's {@link InboundFileProcessor} (detection, streaming parse, control checks,
 * quarantine) over the tenant's {@link JdbcBankFiles} ledger. After a file's import has committed it
 * hands the statuses of a pain.002 to the workflows that own the payments (through the engine's inbox,
 * source {@value #SOURCE}, key {@code <fileId>:<tx>}, so a repeated hand-off changes nothing) and
 * publishes {@link BankFileImported}.
 */
@Component
public class BankFileImports {
    private static final Logger log = LoggerFactory.getLogger(BankFileImports.class);
    /** The inbox source of payment statuses taken from bank files. */
    public static final String SOURCE = "bank-file";

    private final Database db;
    private final WorkflowEngine engine;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    private final FinanceMetrics metrics;
    public BankFileImports(Database db, WorkflowEngine engine, ApplicationEventPublisher events, Clock clock,
                           FinanceMetrics metrics) {
        this.metrics = metrics;
        this.db = db;
        this.engine = engine;
        this.events = events;
        this.clock = clock;
    }

    /** The ledger of one of the tenant's connections (or of one upload); ids and times from {@code clock}. */
    public JdbcBankFiles ledger(TenantScope scope, String connection, Clock clock) {
        return new JdbcBankFiles(db.dataSource(), scope, connection, new MonotonicIds(IdGenerator.timeOrdered(clock)),
                JdbcBankFiles.DEFAULT_BATCH, fileId -> imported(scope, fileId),
                file -> metrics.bankFile(file.tenant(), file.format() == null ? null : file.format().name(),
                        file.status().name(), (int) Math.min(Integer.MAX_VALUE, file.lines())));
    }

    /** The pipeline of one connection over its ledger. */
    public InboundFileProcessor processor(TenantScope scope, String connection, JdbcBankFiles ledger, Clock clock) {
        return new InboundFileProcessor(scope.tenantId(), connection, ledger, ledger, clock);
    }

    private void imported(TenantScope scope, UUID fileId) {
        handOverPaymentStatuses(scope);
        events.publishEvent(new BankFileImported(scope.tenantId().value(), fileId));
    }

    /**
     * Hands every status of the tenant's imported pain.002 files that has not been handed over yet
     * (this file's, and any left by a node that stopped between an import and its hand-off) to its
     * workflow, and records the answer. Answers how many were handed over.
     */
    public int handOverPaymentStatuses(TenantScope scope) {
        List<PaymentStatusRows.Pending> pending = db.inTenant(scope.tenantId(), c -> PaymentStatusRows.undelivered(c, scope));
        for (PaymentStatusRows.Pending p : pending) {
            Optional<Input> input = PaymentStatusHandOff.input(p.target(), p.status(), p.reasonCode(), null, p.receivedAt());
            String outcome;
            if (input.isEmpty()) {
                outcome = "not-handed-over: " + p.status();
            } else {
                Receipt receipt = engine.submit(new InboundEvent(new InboxKey(scope.tenantId(), SOURCE, p.fileId() + ":" + p.tx()),
                        p.target().workflowType(), p.target().businessKey(), input.get(), SOURCE + ":" + p.fileId(), SOURCE));
                outcome = outcome(receipt);
                if (receipt instanceof Receipt.InFlight) {
                    continue; // another node hands it over right now; its answer is recorded there
                }
            }
            String recorded = outcome;
            log.info("bank file {}: status {} of payment {} ({}) handed to {} {}: {}", p.fileId(), p.status(),
                    p.target().paymentId(), p.tx(), p.target().workflowType(), p.target().businessKey(), recorded);
            db.inTenant(scope.tenantId(), c -> {
                PaymentStatusRows.delivered(c, scope, p.fileId(), p.tx(), clock.instant(), recorded);
                return null;
            });
        }
        return pending.size();
    }

    private static String outcome(Receipt receipt) {
        return switch (receipt) {
            case Receipt.Accepted a -> "accepted: " + a.state();
            case Receipt.Rejected r -> "rejected: " + r.reason();
            case Receipt.Failed f -> "failed: exception " + f.exceptionId();
            case Receipt.Repeated r -> "repeated: " + outcome(r.first());
            case Receipt.PayloadMismatch m -> "payload-mismatch";
            case Receipt.InFlight i -> "in-flight";
        };
    }
}
