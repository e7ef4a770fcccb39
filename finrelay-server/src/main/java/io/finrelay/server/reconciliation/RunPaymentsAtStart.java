package io.finrelay.server.reconciliation;

import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.runtime.InstanceView;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.monitors.Monitors;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.workflows.invoice.PaymentRun;
import io.finrelay.workflows.invoice.RunPayment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * At start-up, every payment run whose file is still to be sent gets its payments as open items, tenant by tenant. A
 * run opened by this version has them from its opening transition ({@link RunPaymentOpenItems}); one opened before,
 * when the items were written as the file went out, and not sent yet when the server was upgraded, would otherwise
 * have none, and the statement lines that book its payments would wait for a person. Such a run is one whose
 * {@code send-pain001} command is still in the outbox (a sent one has moved to {@code outbox_done}), so a start
 * reads each tenant's outbox, which holds only commands in flight, not its workflows. Idempotent (an item that
 * exists stays as it is).
 */
public class RunPaymentsAtStart implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(RunPaymentsAtStart.class);
    private static final String SENDING = "Sending";

    private final Database db;
    private final Access access;
    private final WorkflowEngine engine;
    private final RunPayment.Store store;
    private final Clock clock;

    RunPaymentsAtStart(Database db, Access access, WorkflowEngine engine, RunPayment.Store store, Clock clock) {
        this.db = db;
        this.access = access;
        this.engine = engine;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        expectAll();
    }

    /** Writes the items of every run whose file is still to be sent, one transaction per run; the runs visited. */
    public int expectAll() {
        int runs = 0;
        for (TenantId tenant : Monitors.tenants(db)) {
            TenantScope scope = access.configured(tenant, "payment-run items at start");
            for (UUID runId : db.inTenant(tenant, c -> unsent(c, scope))) {
                Optional<InstanceView> run = engine.instances().find(tenant, runId);
                if (run.isPresent() && run.get().state().equals(SENDING)) {
                    PaymentRun.PaymentFile file = Json.read(run.get().stateJson(), PaymentRun.Sending.class).file();
                    db.inTenant(tenant, c -> {
                        store.write(new Reading(c, tenant, clock.instant()), new RunPayment.Expected(file));
                        return null;
                    });
                    runs++;
                }
            }
        }
        if (runs > 0) {
            log.info("made sure the payments of {} payment run(s) whose file is still to be sent are open items", runs);
        }
        return runs;
    }

    /** The payment runs of the tenant whose file command is still in the outbox. */
    private static List<UUID> unsent(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select distinct instance_id from outbox "
                + "where tenant_id = ? and connector = ? and command_type = ?")) {
            select.setString(2, PaymentRun.SEND_FILE.connector());
            select.setString(3, PaymentRun.SEND_FILE.type());
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }
}
