package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.ledger.PartyRef;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the Tryton party a canonical {@link PartyRef} names, the way the master-data pull maps them:
 * first by the canonical id the pull gives that record ({@link TrytonIds#uuid} of the employee or
 * party), then, for master data kept in Finrelay under its own ids, by the exact name, which must
 * then be unambiguous. Found parties are remembered (a Tryton party id never changes).
 */
final class TrytonParties {
    private final TrytonClient client;
    private final Map<PartyRef, Long> found = new ConcurrentHashMap<>();

    TrytonParties(TrytonClient client) {
        this.client = client;
    }

    long party(PartyRef ref) {
        Long known = found.get(ref);
        if (known != null) {
            return known;
        }
        long party = ref.kind() == PartyRef.Kind.EMPLOYEE ? employee(ref) : partner(ref);
        found.put(ref, party);
        return party;
    }

    private long employee(PartyRef ref) {
        TenantId tenant = client.config().tenantId();
        String db = client.config().database();
        List<Long> byName = new ArrayList<>();
        for (JsonNode row : client.searchRead("company.employee", List.of(), List.of("party", "party.name"))) {
            long party = Rows.ref(row, "party");
            if (TrytonIds.uuid(tenant, db, "company.employee", Rows.id(row)).toString().equals(ref.id())) {
                return party;
            }
            if (Rows.textThrough(row, "party", "name").equals(ref.name())) {
                byName.add(party);
            }
        }
        return single(ref, byName, "employee");
    }

    private long partner(PartyRef ref) {
        TenantId tenant = client.config().tenantId();
        String db = client.config().database();
        List<Long> byName = client.search("party.party", List.of(List.of("name", "=", ref.name())), null, null);
        for (long id : byName) {
            if (TrytonIds.uuid(tenant, db, "party.party", id).toString().equals(ref.id())) {
                return id;
            }
        }
        return single(ref, byName, "party");
    }

    private static long single(PartyRef ref, List<Long> candidates, String what) {
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        String kind = ref.kind().name().toLowerCase(java.util.Locale.ROOT);
        throw new ErpException(new ErpError.Permanent(candidates.isEmpty()
                ? "Tryton has no " + what + " for " + kind + " '" + ref.name() + "' (" + ref.id() + "): create it in "
                        + "Tryton, or pull master data from Tryton"
                : "Tryton has " + candidates.size() + " " + what + "s named '" + ref.name() + "'; cannot tell which is "
                        + kind + " " + ref.id()));
    }
}
