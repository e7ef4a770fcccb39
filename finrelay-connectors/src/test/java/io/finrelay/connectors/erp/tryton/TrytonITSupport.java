package io.finrelay.connectors.erp.tryton;

import io.finrelay.connectors.erp.ErpPortContract;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.ledger.PartyRef;
import java.util.List;
import java.util.UUID;

/** Shared by the Tryton ITs: the peer, its set-up, and readers that ask Tryton what it holds. */
final class TrytonITSupport {
    private TrytonITSupport() {}

    static TrytonPeer peer() {
        TrytonPeer peer = TrytonPeer.get();
        peer.facts();
        return peer;
    }

    static LegalEntityId legalEntity(TrytonPeer peer) {
        return new LegalEntityId(TrytonIds.uuid(TrytonPeer.TENANT, peer.config().database(), "company.company",
                peer.facts().company()));
    }

    static ErpPortContract.Facts contractFacts(TrytonPeer peer) {
        return new ErpPortContract.Facts(TrytonPeer.TENANT, legalEntity(peer), "EUR", AccountCode.of("6000"),
                AccountCode.of("1000"), peer.facts().today(), TrytonSetup.CLOSED_DATE, TrytonSetup.CLOSED_PERIOD,
                AccountCode.of("1600"), PartyRef.employee(TrytonIds.uuid(TrytonPeer.TENANT, peer.config().database(),
                        "company.employee", peer.facts().employee()).toString(), "Erika Mustermann"));
    }

    /** Posted moves whose description carries the command id, counted by Tryton. */
    static long postedMoves(TrytonClient client, UUID commandId) {
        return client.search("account.move", List.of(List.of("description", "like", "%" + TrytonIds.tag(commandId)),
                List.of("state", "=", "posted")), null, null).size();
    }

    static long allMoves(TrytonClient client, UUID commandId) {
        return client.search("account.move", List.of(List.of("description", "like", "%" + TrytonIds.tag(commandId))),
                null, null).size();
    }
}
