package io.finrelay.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What must hold after every run, whatever the faults: each business effect at most once at the peers,
 * every instance ended or waiting in the exception queue with a reason, no inbound event lost, nothing
 * left half-delivered in the outbox, and an instance that settled had each of its effects made once.
 * (The audit chain is verified by the {@link Simulation} through the engine's own verifier.)
 */
final class Invariants {
    private Invariants() {}

    static List<String> check(SimRun run, SimDatabase db) {
        List<String> violations = new ArrayList<>();
        for (SimPeer peer : List.of(run.treasury, run.erp, run.bank)) {
            peer.violations().forEach(v -> violations.add("effect twice: " + v));
        }
        String tenant = SimRun.TENANT.value().toString();
        Set<String> withInstance = new HashSet<>();
        for (List<String> row : db.rows("select business_key, state_name, ended, state::text, "
                + "(select string_agg(e.code || ': ' || e.reason, '; ') from exception e where e.tenant_id = w.tenant_id "
                + "and e.instance_id = w.id and e.status = 'OPEN' and length(trim(e.reason)) > 0) "
                + "from workflow_instance w where tenant_id = ?::uuid order by business_key", tenant)) {
            String invoice = row.get(0);
            withInstance.add(invoice);
            boolean ended = row.get(2).equals("t");
            if (!ended && row.get(4) == null) {
                violations.add("stuck: " + invoice + " waits in " + row.get(1) + " with no open exception to say why");
            }
            if (row.get(1).equals("Settled") && !row.get(3).contains("manual:") && run.bank.effects(invoice, "pay") == 0) {
                violations.add("lost effect: " + invoice + " settled without a payment at the bank");
            }
        }
        for (String invoice : run.invoices) {
            if (!withInstance.contains(invoice)) {
                violations.add("lost: no instance for " + invoice);
            }
        }
        for (Inbound.Message message : run.inbound.everSent()) {
            if (db.count("select count(*) from inbox where tenant_id = ?::uuid and source = ? and dedup_key = ?", tenant,
                    message.source(), message.key()) != 1) {
                violations.add("inbound event lost: " + message.source() + " " + message.key());
            }
        }
        if (!run.inbound.idle()) {
            violations.add("inbound events never delivered");
        }
        long unsettled = db.count("select count(*) from outbox where tenant_id = ?::uuid and status <> 'EXCEPTION'", tenant);
        if (unsettled > 0) {
            violations.add("outbox: " + unsettled + " commands neither finished nor parked");
        }
        long parkedWithoutException = db.count("select count(*) from outbox o where tenant_id = ?::uuid and status = 'EXCEPTION' "
                + "and not exists (select 1 from exception e where e.tenant_id = o.tenant_id and e.command_id = o.command_id "
                + "and e.status = 'OPEN')", tenant);
        if (parkedWithoutException > 0) {
            violations.add("outbox: " + parkedWithoutException + " parked commands with no open exception");
        }
        return violations;
    }
}
