package io.finrelay.server.expense;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.masterdata.BankDetails;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.workflows.expense.Claim;
import io.finrelay.workflows.expense.ExpenseReimbursement;
import io.finrelay.workflows.expense.Fingerprints;
import io.finrelay.workflows.expense.ReferenceData;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Answers the workflow's {@code resolve} command from the tenant's master data held by Finrelay:
 * the employee, the legal entity and its expense policy, each line's cost center, GL account and
 * tax code (after the tenant's mapping), its project if it names one (by code, not mapped), the dated FX rate, and earlier reports with the same
 * fingerprints. It registers the report's fingerprints in the same transaction, under a lock per
 * employee, so that of two identical reports exactly the later one is the possible duplicate.
 * Resolving again is safe (fingerprints are kept once), so a lookup simply resolves again.
 */
public final class ReferenceDataConnector implements Connector {
    /** How old a rate may be and still convert a receipt (weekends and holidays have none). */
    static final int FX_MAX_AGE_DAYS = 7;
    static final Duration DUPLICATE_WINDOW = Duration.ofDays(180);

    private final Database db;
    private final Clock clock;
    private final BankDetails bankDetails;

    public ReferenceDataConnector(Database db, Clock clock, BankDetails bankDetails) {
        this.db = db;
        this.bankDetails = bankDetails;
        this.clock = clock;
    }

    @Override
    public String name() {
        return ExpenseReimbursement.REFERENCE;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        if (!command.type().equals(ExpenseReimbursement.RESOLVE)) {
            return new Delivery.Permanent("connector " + name() + " does not know command type '" + command.type() + "'");
        }
        Claim claim = Json.read(command.payloadJson(), ExpenseReimbursement.ResolveReference.class).claim();
        ReferenceData data = db.inTenant(command.tenantId(), c -> resolve(c, command.tenantId(), claim));
        return new Delivery.Done(Json.write(data));
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        return switch (deliver(command)) {
            case Delivery.Done done -> new Lookup.Found(done.resultJson());
            default -> new Lookup.NotFound();
        };
    }

    ReferenceData resolve(Connection c, TenantId tenant, Claim claim) throws SQLException {
        Optional<JsonNode> employeeDoc = document(c, tenant, "employee", "key = ?", claim.employeeId())
                .map(d -> bankDetails.opened(tenant, "employee", claim.employeeId(), d));
        List<String> duplicates = duplicates(c, tenant, claim);
        if (employeeDoc.isEmpty()) {
            return new ReferenceData(null, null, null, Map.of(), Map.of(), Map.of(), Map.of(), duplicates, Map.of());
        }
        JsonNode e = employeeDoc.get();
        String entityId = e.path("legalEntityId").asText();
        ReferenceData.Employee employee = new ReferenceData.Employee(e.path("id").asText(), entityId,
                e.path("name").asText(), e.path("active").asBoolean(), e.path("bankAccount").path("iban").asText(null),
                e.path("bankAccount").path("bic").asText(null), e.path("bankAccount").path("holderName").asText(null));
        ReferenceData.Entity entity = entity(c, tenant, entityId);
        Map<String, String> mapping = mappings(c, tenant);
        Map<String, ReferenceData.CostCenter> costCenters = new HashMap<>();
        Map<String, ReferenceData.Account> accounts = new HashMap<>();
        Map<String, ReferenceData.Tax> taxes = new HashMap<>();
        Map<String, ReferenceData.Fx> fx = new HashMap<>();
        Map<String, ReferenceData.Project> projects = new HashMap<>();
        for (Claim.Line line : claim.lines()) {
            String cc = mapping.getOrDefault("cost-center|" + line.costCenter(), line.costCenter());
            document(c, tenant, "cost-center", "body->>'code' = ? order by (legal_entity_id::text = '" + uuid(entityId)
                    + "') desc limit 1", cc).ifPresent(d -> costCenters.put(line.costCenter(), new ReferenceData.CostCenter(
                    cc, d.path("legalEntityId").asText(), d.path("open").asBoolean())));
            if (line.project() != null) {
                // Codes are unique per entity, not per tenant: prefer the employee's entity's project.
                document(c, tenant, "project", "body->>'code' = ? order by (legal_entity_id::text = '" + uuid(entityId)
                        + "') desc limit 1", line.project()).ifPresent(d -> projects.put(line.project(),
                        new ReferenceData.Project(line.project(), d.path("legalEntityId").asText(), d.path("open").asBoolean())));
            }
            String gl = mapping.getOrDefault("gl-account|" + line.account(), line.account());
            document(c, tenant, "gl-account", "key = ?", gl).ifPresent(d -> accounts.put(line.account(),
                    new ReferenceData.Account(gl, d.path("legalEntityId").asText(), d.path("open").asBoolean())));
            String tax = mapping.getOrDefault("tax-code|" + line.taxCode(), line.taxCode());
            document(c, tenant, "tax-code", "key = ?", tax).ifPresent(d -> taxes.put(line.taxCode(), new ReferenceData.Tax(
                    tax, d.path("country").asText(), new java.math.BigDecimal(d.path("ratePercent").asText("0")), d.path("recoverable").asBoolean())));
            if (entity != null && !claim.currency().equals(entity.functionalCurrency())) {
                rate(c, tenant, claim.currency(), entity.functionalCurrency(), line.date())
                        .ifPresent(r -> fx.put(line.date().toString(), r));
            }
        }
        return new ReferenceData(employee, entity, entity == null ? null : policy(c, tenant, entityId), costCenters,
                accounts, taxes, fx, duplicates, projects);
    }

    private static String uuid(String text) {
        return UUID.fromString(text).toString();
    }

    private static Optional<JsonNode> document(Connection c, TenantId tenant, String kind, String condition, String value)
            throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, tenant,
                "select body::text from master_data where tenant_id = ? and kind = ? and " + condition)) {
            select.setString(2, kind);
            select.setString(3, value);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(Json.mapper().readTree(rs.getString(1))) : Optional.empty();
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new IllegalStateException("stored master data is not JSON", ex);
            }
        }
    }

    private static ReferenceData.Entity entity(Connection c, TenantId tenant, String id) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, tenant,
                "select id, country, functional_currency from legal_entity where tenant_id = ? and id = ?::uuid")) {
            select.setString(2, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? new ReferenceData.Entity(rs.getString(1), rs.getString(2), rs.getString(3)) : null;
            }
        }
    }

    private static ReferenceData.Policy policy(Connection c, TenantId tenant, String entityId) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, tenant, "select payable_account, input_tax_account, "
                + "four_eyes_threshold from expense_policy where tenant_id = ? and legal_entity_id = ?::uuid")) {
            select.setString(2, entityId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? new ReferenceData.Policy(rs.getString(1), rs.getString(2), rs.getBigDecimal(3)) : null;
            }
        }
    }

    private static Map<String, String> mappings(Connection c, TenantId tenant) throws SQLException {
        Map<String, String> map = new HashMap<>();
        try (PreparedStatement select = TenantSql.prepare(c, tenant,
                "select kind, source, target from expense_mapping where tenant_id = ?");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                map.put(rs.getString(1) + "|" + rs.getString(2), rs.getString(3));
            }
        }
        return map;
    }

    private static Optional<ReferenceData.Fx> rate(Connection c, TenantId tenant, String base, String quote, LocalDate date)
            throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, tenant, "select rate_date, rate, source from fx_rate "
                + "where tenant_id = ? and base = ? and quote = ? and rate_date <= ? and rate_date > ? "
                + "order by rate_date desc limit 1")) {
            select.setString(2, base);
            select.setString(3, quote);
            select.setDate(4, Date.valueOf(date));
            select.setDate(5, Date.valueOf(date.minusDays(FX_MAX_AGE_DAYS)));
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new ReferenceData.Fx(rs.getDate(1).toLocalDate(), rs.getBigDecimal(2),
                        rs.getString(3))) : Optional.empty();
            }
        }
    }

    /** Registers the report's fingerprints and returns the earlier reports that share one. */
    private List<String> duplicates(Connection c, TenantId tenant, Claim claim) throws SQLException {
        List<String> prints = Fingerprints.of(claim);
        Instant now = clock.instant();
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            lock.setString(1, "expense-fingerprint:" + tenant + ":" + claim.employeeId());
            lock.execute();
        }
        try (PreparedStatement insert = TenantSql.prepare(c, tenant, "insert into expense_fingerprint (tenant_id, "
                + "fingerprint, report_id, received_at) values (?, ?, ?, ?) on conflict do nothing")) {
            for (String print : prints) {
                insert.setString(2, print);
                insert.setString(3, claim.reportId());
                insert.setTimestamp(4, Timestamp.from(now));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        Set<String> earlier = new LinkedHashSet<>();
        try (PreparedStatement select = TenantSql.prepare(c, tenant, "select distinct f.report_id from expense_fingerprint f "
                + "where f.tenant_id = ? and f.fingerprint = any(?) and f.report_id <> ? and f.received_at > ? "
                + "and f.seq < (select min(m.seq) from expense_fingerprint m where m.tenant_id = f.tenant_id "
                + "and m.report_id = ?) order by 1")) {
            select.setArray(2, c.createArrayOf("text", prints.toArray()));
            select.setString(3, claim.reportId());
            select.setTimestamp(4, Timestamp.from(now.minus(DUPLICATE_WINDOW)));
            select.setString(5, claim.reportId());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    earlier.add(rs.getString(1));
                }
            }
        }
        return List.copyOf(earlier);
    }
}
