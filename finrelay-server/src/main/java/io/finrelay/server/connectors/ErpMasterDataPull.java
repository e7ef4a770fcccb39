package io.finrelay.server.connectors;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.db.Database;
import io.finrelay.model.ledger.GlAccount;
import io.finrelay.model.ledger.TaxCode;
import io.finrelay.model.party.Employee;
import io.finrelay.model.party.LegalEntity;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.masterdata.CanonicalValidator;
import io.finrelay.server.masterdata.MasterDataKind;
import io.finrelay.server.masterdata.BankDetailStore;
import io.finrelay.server.masterdata.BankDetails;
import io.finrelay.server.masterdata.MasterDataStore;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.workflows.port.ErpPort;
import io.finrelay.workflows.port.MasterData;
import io.finrelay.workflows.port.Watermark;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Brings the master data the expense workflow needs from the tenant's ERP into Finrelay: legal
 * entities (with the id the ERP connector posts for), GL accounts, employees (with the id the
 * connector maps back to the ERP's party) and tax codes. What the tenant already has is left as it
 * is (an operator may have changed it); what the canonical model or its schema refuses is listed with
 * the reason, never dropped silently. The ERP is asked first, outside any transaction; everything
 * new is then added in one transaction.
 */
@Component
public class ErpMasterDataPull {
    private record Document(MasterDataKind kind, String erpRef, ObjectNode body) {}

    /** What a pull did: counts per kind (its API path) added and already there, and the records skipped with the reason. */
    public record Outcome(Map<String, Integer> added, Map<String, Integer> alreadyPresent, List<Skipped> skipped) {}

    /** A record of the ERP's that was not taken, and why. */
    public record Skipped(String kind, String erpRef, String reason) {}

    private final Database db;
    private final MasterDataStore store;
    private final CanonicalValidator validator;
    private final BankDetailStore bankDetailStore;
    private final Clock clock;
    private final AuditLog audit;

    public ErpMasterDataPull(Database db, MasterDataStore store, CanonicalValidator validator,
                             BankDetailStore bankDetailStore, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.db = db;
        this.store = store;
        this.validator = validator;
        this.bankDetailStore = bankDetailStore;
        this.clock = clock;
    }

    /**
     * Answers what was added and what was already there, per kind, and what was skipped and why. The
     * pull is audited as one record with the counts, in the transaction that adds the records.
     */
    public Outcome pull(TenantScope scope, ErpPort erp, String correlationId) {
        MasterData pulled = erp.pullMasterData(Watermark.BEGINNING);
        List<Document> documents = documents(pulled);
        Outcome outcome = db.inTenant(scope.tenantId(), c -> {
            Outcome stored = store(c, scope, documents);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("source", "connectors/" + ConnectorConfigs.ERP);
            after.put("added", stored.added());
            after.put("alreadyPresent", stored.alreadyPresent());
            after.put("skipped", stored.skipped().size() + pulled.skipped().size());
            audit.append(c, scope, "master-data.pulled", null, after, correlationId);
            return stored;
        });
        pulled.skipped().forEach(s -> outcome.skipped().add(new Skipped(s.kind(), s.erpRef(), s.reason())));
        return outcome;
    }

    private static List<Document> documents(MasterData pulled) {
        List<Document> out = new ArrayList<>();
        // Legal entities first: the other records point at them.
        pulled.legalEntities().forEach(s -> out.add(new Document(MasterDataKind.LEGAL_ENTITIES, s.erpRef(), legalEntity(s.record()))));
        pulled.accounts().forEach(s -> out.add(new Document(MasterDataKind.GL_ACCOUNTS, s.erpRef(), account(s.record()))));
        pulled.employees().forEach(s -> out.add(new Document(MasterDataKind.EMPLOYEES, s.erpRef(), employee(s.record()))));
        pulled.taxes().forEach(s -> out.add(new Document(MasterDataKind.TAX_CODES, s.erpRef(), tax(s.record()))));
        return out;
    }

    private Outcome store(Connection c, TenantScope scope, List<Document> documents) throws SQLException {
        Map<String, Integer> added = new LinkedHashMap<>();
        Map<String, Integer> present = new LinkedHashMap<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Document d : documents) {
            String key = d.body().get(d.kind().keyField()).asText();
            if (store.exists(c, scope, d.kind(), key)) {
                present.merge(d.kind().path(), 1, Integer::sum);
                continue;
            }
            List<ApiProblem.FieldError> errors = validator.validate(d.kind().schema(), d.body());
            if (!errors.isEmpty()) {
                skipped.add(new Skipped(d.kind().storedName(), d.erpRef(), errors.getFirst().field() + ": " + errors.getFirst().reason()));
                continue;
            }
            ObjectNode document = d.body().deepCopy().put("tenantId", scope.tenantId().toString());
            try {
                d.kind().toRecord(document, scope.tenantId());
            } catch (IllegalArgumentException e) {
                skipped.add(new Skipped(d.kind().storedName(), d.erpRef(), String.valueOf(e.getMessage())));
                continue;
            }
            store.insert(c, scope, d.kind(), key, document, clock.instant());
            if (BankDetails.holdsBankAccount(d.kind().storedName())) {
                // Bank details arriving from the ERP count as a change by whoever pulled them, so the
                // cooling period of the duty policy holds for them as for one typed in by hand.
                bankDetailStore.recordChange(c, scope, d.kind().storedName(), key, scope.principal().actor(),
                        clock.instant());
            }
            added.merge(d.kind().path(), 1, Integer::sum);
        }
        return new Outcome(added, present, skipped);
    }

    private static ObjectNode legalEntity(LegalEntity e) {
        return object().put("id", e.id().toString()).put("name", e.name()).put("country", e.country())
                .put("functionalCurrency", e.functionalCurrency().getCurrencyCode());
    }

    private static ObjectNode account(GlAccount a) {
        return object().put("code", a.code().value()).put("name", a.name()).put("type", a.type().name())
                .put("legalEntityId", a.legalEntityId().toString()).put("open", a.open());
    }

    private static ObjectNode employee(Employee e) {
        ObjectNode out = object().put("id", e.id().toString()).put("legalEntityId", e.legalEntityId().toString())
                .put("name", e.name()).put("email", e.email()).put("active", e.active());
        ObjectNode bank = out.putObject("bankAccount").put("iban", e.bankAccount().iban().value());
        e.bankAccount().bic().ifPresent(b -> bank.put("bic", b.value()));
        bank.put("holderName", e.bankAccount().holderName());
        return out;
    }

    private static ObjectNode tax(TaxCode t) {
        return object().put("code", t.code().value()).put("country", t.country())
                .put("ratePercent", t.ratePercent().toPlainString()).put("recoverable", t.recoverable());
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
