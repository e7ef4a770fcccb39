package io.finrelay.connectors.erp.tryton;

import io.finrelay.connectors.erp.ErpPortContract;
import io.finrelay.workflows.port.ErpPort;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The shared ERP contract against the real Tryton 6.0. */
class TrytonErpContractIT extends ErpPortContract {
    private TrytonPeer peer;
    private TrytonErp erp;
    private final AtomicBoolean loseNext = new AtomicBoolean();

    @BeforeEach
    void connect() {
        peer = TrytonITSupport.peer();
        erp = new TrytonErp(peer.config().withClearingAccount("1000"));
        erp.client().loseAnswersFor(method -> method.equals("model.account.move.post") && loseNext.getAndSet(false));
    }

    @AfterEach
    void restore() {
        loseNext.set(false);
    }

    @Override
    protected ErpPort erp() {
        return erp;
    }

    @Override
    protected Facts facts() {
        return TrytonITSupport.contractFacts(peer);
    }

    @Override
    protected long entriesHolding(UUID commandId) {
        return TrytonITSupport.postedMoves(erp.client(), commandId);
    }

    @Override
    protected void loseNextPostingAnswer() {
        loseNext.set(true);
    }

    @Override
    protected long clearingsHolding(UUID commandId) {
        return TrytonITSupport.postedMoves(erp.client(), commandId);
    }
}
