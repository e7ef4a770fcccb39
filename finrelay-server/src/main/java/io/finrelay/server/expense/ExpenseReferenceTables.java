package io.finrelay.server.expense;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.masterdata.BankDetails;
import io.finrelay.workflows.expense.ExpenseReferencePort;
import io.finrelay.workflows.expense.ReferenceData;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The expense workflow's master data, read from the server's tables in the transaction that decides
 * (master_data documents, legal_entity, expense_policy, expense_mapping, fx_rate) and its duplicate
 * fingerprints registered there (expense_fingerprint). The engine's connection is not confined to a
 * tenant, so every statement goes through {@link ExpenseSql}, which binds the tenant first.
 * Returns what is stored; which entry counts is the workflow's {@code ReferenceRules}.
 */
final class ExpenseReferenceTables implements ExpenseReferencePort {
    private final BankDetails bankDetails;

    ExpenseReferenceTables(BankDetails bankDetails) {
        this.bankDetails = bankDetails;
    }

    @Override
    public Optional<ReferenceData.Employee> employee(Reading r, String employeeId) throws SQLException {
        List<JsonNode> found = documents(r, "employee", "key = ?", employeeId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        JsonNode e = bankDetails.opened(r.tenant(), "employee", employeeId, found.getFirst());
        JsonNode bank = e.path("bankAccount");
        return Optional.of(new ReferenceData.Employee(e.path("id").asText(), e.path("legalEntityId").asText(),
                e.path("name").asText(), e.path("active").asBoolean(), bank.path("iban").asText(null),
                bank.path("bic").asText(null), bank.path("holderName").asText(null)));
    }

    @Override
    public Optional<ReferenceData.Entity> entity(Reading r, String legalEntityId) throws SQLException {
        try (PreparedStatement select = ExpenseSql.prepare(r.connection(), r.tenant(),
                "select id, country, functional_currency from legal_entity where tenant_id = ? and id = ?::uuid")) {
            select.setString(2, legalEntityId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new ReferenceData.Entity(rs.getString(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    @Override
    public Optional<ReferenceData.Policy> policy(Reading r, String legalEntityId) throws SQLException {
        try (PreparedStatement select = ExpenseSql.prepare(r.connection(), r.tenant(), "select payable_account, "
                + "input_tax_account, four_eyes_threshold from expense_policy where tenant_id = ? and legal_entity_id = ?::uuid")) {
            select.setString(2, legalEntityId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new ReferenceData.Policy(rs.getString(1), rs.getString(2), rs.getBigDecimal(3)))
                        : Optional.empty();
            }
        }
    }

    @Override
    public Map<String, Map<String, String>> mappings(Reading r) throws SQLException {
        Map<String, Map<String, String>> map = new HashMap<>();
        try (PreparedStatement select = ExpenseSql.prepare(r.connection(), r.tenant(),
                "select kind, source, target from expense_mapping where tenant_id = ?");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                map.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
            }
        }
        return map;
    }

    @Override
    public List<ReferenceData.CostCenter> costCenters(Reading r, String code) throws SQLException {
        return documents(r, "cost-center", "body->>'code' = ? order by legal_entity_id", code).stream()
                .map(d -> new ReferenceData.CostCenter(code, d.path("legalEntityId").asText(), d.path("open").asBoolean()))
                .toList();
    }

    @Override
    public List<ReferenceData.Project> projects(Reading r, String code) throws SQLException {
        return documents(r, "project", "body->>'code' = ? order by legal_entity_id", code).stream()
                .map(d -> new ReferenceData.Project(code, d.path("legalEntityId").asText(), d.path("open").asBoolean()))
                .toList();
    }

    @Override
    public Optional<ReferenceData.Account> account(Reading r, String code) throws SQLException {
        return documents(r, "gl-account", "key = ?", code).stream().findFirst()
                .map(d -> new ReferenceData.Account(code, d.path("legalEntityId").asText(), d.path("open").asBoolean()));
    }

    @Override
    public Optional<ReferenceData.Tax> tax(Reading r, String code) throws SQLException {
        return documents(r, "tax-code", "key = ?", code).stream().findFirst()
                .map(d -> new ReferenceData.Tax(code, d.path("country").asText(),
                        new BigDecimal(d.path("ratePercent").asText("0")), d.path("recoverable").asBoolean()));
    }

    @Override
    public Optional<ReferenceData.Fx> latestRate(Reading r, String base, String quote, LocalDate day) throws SQLException {
        try (PreparedStatement select = ExpenseSql.prepare(r.connection(), r.tenant(), "select rate_date, rate, source "
                + "from fx_rate where tenant_id = ? and base = ? and quote = ? and rate_date <= ? "
                + "order by rate_date desc limit 1")) {
            select.setString(2, base);
            select.setString(3, quote);
            select.setDate(4, Date.valueOf(day));
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new ReferenceData.Fx(rs.getDate(1).toLocalDate(), rs.getBigDecimal(2),
                        rs.getString(3))) : Optional.empty();
            }
        }
    }

    @Override
    public List<EarlierClaim> registerFingerprints(Reading r, String employeeId, String reportId, List<String> fingerprints)
            throws SQLException {
        Connection c = r.connection();
        TenantId tenant = r.tenant();
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            lock.setString(1, "expense-fingerprint:" + tenant + ":" + employeeId);
            lock.execute();
        }
        try (PreparedStatement insert = ExpenseSql.prepare(c, tenant, "insert into expense_fingerprint (tenant_id, "
                + "fingerprint, report_id, received_at) values (?, ?, ?, ?) on conflict do nothing")) {
            for (String print : fingerprints) {
                insert.setString(2, print);
                insert.setString(3, reportId);
                insert.setTimestamp(4, Timestamp.from(r.now()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        List<EarlierClaim> earlier = new ArrayList<>();
        try (PreparedStatement select = ExpenseSql.prepare(c, tenant, "select f.report_id, f.received_at "
                + "from expense_fingerprint f where f.tenant_id = ? and f.fingerprint = any(?) and f.report_id <> ? "
                + "and f.seq < (select min(m.seq) from expense_fingerprint m where m.tenant_id = f.tenant_id "
                + "and m.report_id = ?)")) {
            select.setArray(2, c.createArrayOf("text", fingerprints.toArray()));
            select.setString(3, reportId);
            select.setString(4, reportId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    earlier.add(new EarlierClaim(rs.getString(1), rs.getTimestamp(2).toInstant()));
                }
            }
        }
        return earlier;
    }

    private static List<JsonNode> documents(Reading r, String kind, String condition, String value) throws SQLException {
        try (PreparedStatement select = ExpenseSql.prepare(r.connection(), r.tenant(),
                "select body::text from master_data where tenant_id = ? and kind = ? and " + condition)) {
            select.setString(2, kind);
            select.setString(3, value);
            List<JsonNode> found = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(Json.mapper().readTree(rs.getString(1)));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new IllegalStateException("stored master data is not JSON", ex);
            }
            return found;
        }
    }
}
