package io.finrelay.server.reconciliation;

import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.runtime.InstanceQueries;
import io.finrelay.engine.runtime.InstanceView;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.monitors.Monitors;
import io.finrelay.workflows.invoice.PaymentRun;
import io.finrelay.workflows.invoice.RunPayment;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * At start-up, every payment run still sending its file gets its payments as open items, tenant by tenant. A run
 * opened by this version has them from its opening transition ({@link RunPaymentOpenItems}); one opened before,
 * when the items were written as the file went out, and not sent yet when the server was upgraded, would otherwise
 * have none, and the statement lines that book its payments would wait for a person. Idempotent (an item that
 * exists stays as it is); with no run sending, a start costs one indexed query per tenant.
 */
public class RunPaymentsAtStart implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(RunPaymentsAtStart.class);
    private static final String SENDING = "Sending";
    private static final int PAGE = 200;

    private final Database db;
    private final WorkflowEngine engine;
    private final RunPayment.Store store;
    private final Clock clock;

    RunPaymentsAtStart(Database db, WorkflowEngine engine, RunPayment.Store store, Clock clock) {
        this.db = db;
        this.engine = engine;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        expectAll();
    }

    /** Writes the items of every run sending its file, one transaction per run; the number of runs visited. */
    public int expectAll() {
        int runs = 0;
        for (TenantId tenant : Monitors.tenants(db)) {
            List<InstanceView> page = engine.instances().list(tenant, new InstanceQueries.Filter(PaymentRun.TYPE, SENDING,
                    null, null, null, null, null), PAGE);
            while (!page.isEmpty()) {
                for (InstanceView run : page) {
                    PaymentRun.PaymentFile file = Json.read(run.stateJson(), PaymentRun.Sending.class).file();
                    db.inTenant(tenant, c -> {
                        store.write(new Reading(c, tenant, clock.instant()), new RunPayment.Expected(file));
                        return null;
                    });
                    runs++;
                }
                page = page.size() < PAGE ? List.of() : engine.instances().list(tenant, new InstanceQueries.Filter(
                        PaymentRun.TYPE, SENDING, null, null, page.getLast().id(), null, null), PAGE);
            }
        }
        if (runs > 0) {
            log.info("made sure the payments of {} payment run(s) sending their file are open items", runs);
        }
        return runs;
    }
}
