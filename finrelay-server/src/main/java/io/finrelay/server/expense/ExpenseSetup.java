package io.finrelay.server.expense;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.json.Json;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.masterdata.BankDetails;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Writes a tenant's expense set-up: policies, FX rates, release roles, code mappings, master data
 * flags. Each change is audited (before and after) in the transaction that makes it.
 */
@Component
public class ExpenseSetup {
    /** A master data record changed in place (a flag); its kind and key are in {@code before} and {@code after}. */
    public static final String MASTER_DATA_CHANGED = "master-data.changed";

    private final Database db;
    private final Clock clock;
    private final BankDetails bankDetails;
    private final AuditLog audit;

    public ExpenseSetup(Database db, Clock clock, BankDetails bankDetails, AuditLog audit) {
        this.db = db;
        this.bankDetails = bankDetails;
        this.clock = clock;
        this.audit = audit;
    }

    public void policy(TenantScope scope, UUID legalEntityId, String payable, String inputTax, BigDecimal threshold,
                       String cardClearing, String correlationId) {
        TenantId tenant = scope.tenantId();
        db.inTenant(tenant, c -> {
            // The id in the path is looked up in the caller's tenant first: another tenant's legal entity
            // (or none at all) is not found, and no policy is stored for it.
            try (PreparedStatement exists = TenantSql.prepare(c, tenant,
                    "select 1 from legal_entity where tenant_id = ? and id = ?")) {
                exists.setObject(2, legalEntityId);
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        throw io.finrelay.server.web.ApiProblem.notFound("legal entity " + legalEntityId);
                    }
                }
            }
            Map<String, Object> before = null;
            try (PreparedStatement select = TenantSql.prepare(c, tenant, "select payable_account, input_tax_account, "
                    + "four_eyes_threshold, card_clearing_account from expense_policy where tenant_id = ? "
                    + "and legal_entity_id = ?")) {
                select.setObject(2, legalEntityId);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        before = policyView(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getString(4));
                    }
                }
            }
            audit.configurationChanged(c, scope, "expense/policies/" + legalEntityId, before,
                    policyView(payable, inputTax, threshold, cardClearing), correlationId);
            try (PreparedStatement upsert = TenantSql.prepare(c, tenant, "insert into expense_policy (tenant_id, "
                    + "legal_entity_id, payable_account, input_tax_account, four_eyes_threshold, updated_at, "
                    + "card_clearing_account) values (?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, legal_entity_id) do update set "
                    + "payable_account = excluded.payable_account, input_tax_account = excluded.input_tax_account, "
                    + "four_eyes_threshold = excluded.four_eyes_threshold, updated_at = excluded.updated_at, "
                    + "card_clearing_account = excluded.card_clearing_account")) {
                upsert.setObject(2, legalEntityId);
                upsert.setString(3, payable);
                upsert.setString(4, inputTax);
                upsert.setBigDecimal(5, threshold);
                upsert.setTimestamp(6, Timestamp.from(clock.instant()));
                upsert.setString(7, cardClearing);
                return upsert.executeUpdate();
            }
        });
    }

    private static Map<String, Object> policyView(String payable, String inputTax, BigDecimal threshold,
                                                  String cardClearing) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("payableAccount", payable);
        out.put("inputTaxAccount", inputTax);
        out.put("fourEyesThreshold", threshold == null ? null : threshold.toPlainString());
        out.put("cardClearingAccount", cardClearing);
        return out;
    }

    public void rate(TenantScope scope, String base, String quote, LocalDate date, BigDecimal rate, String source,
                     String correlationId) {
        TenantId tenant = scope.tenantId();
        db.inTenant(tenant, c -> {
            Map<String, Object> before = null;
            try (PreparedStatement select = TenantSql.prepare(c, tenant, "select rate, source from fx_rate "
                    + "where tenant_id = ? and base = ? and quote = ? and rate_date = ?")) {
                select.setString(2, base);
                select.setString(3, quote);
                select.setDate(4, Date.valueOf(date));
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        before = Map.of("rate", rs.getBigDecimal(1).stripTrailingZeros().toPlainString(),
                                "source", rs.getString(2));
                    }
                }
            }
            audit.configurationChanged(c, scope, "fx-rates/" + base + "/" + quote + "/" + date, before,
                    Map.of("rate", rate.stripTrailingZeros().toPlainString(), "source", source), correlationId);
            try (PreparedStatement upsert = TenantSql.prepare(c, tenant, "insert into fx_rate (tenant_id, base, quote, "
                    + "rate_date, rate, source, created_at) values (?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, base, quote, "
                    + "rate_date) do update set rate = excluded.rate, source = excluded.source")) {
                upsert.setString(2, base);
                upsert.setString(3, quote);
                upsert.setDate(4, Date.valueOf(date));
                upsert.setBigDecimal(5, rate);
                upsert.setString(6, source);
                upsert.setTimestamp(7, Timestamp.from(clock.instant()));
                return upsert.executeUpdate();
            }
        });
    }

    public void roles(TenantScope scope, String person, List<String> roles, String correlationId) {
        TenantId tenant = scope.tenantId();
        db.inTenant(tenant, c -> {
            List<String> before = rolesOf(c, tenant, person);
            try (PreparedStatement delete = TenantSql.prepare(c, tenant,
                    "delete from expense_role where tenant_id = ? and person = ?")) {
                delete.setString(2, person);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = TenantSql.prepare(c, tenant,
                    "insert into expense_role (tenant_id, person, role) values (?, ?, ?) on conflict do nothing")) {
                for (String role : roles) {
                    insert.setString(2, person);
                    insert.setString(3, role);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            audit.configurationChanged(c, scope, "expense/roles/" + person, Map.of("roles", before),
                    Map.of("roles", rolesOf(c, tenant, person)), correlationId);
            return null;
        });
    }

    /** A legal entity's expense policy as stored ({@code cardClearingAccount} null: the card settings' liability account). */
    public record Policy(UUID legalEntityId, String payableAccount, String inputTaxAccount, BigDecimal fourEyesThreshold,
                         String cardClearingAccount) {}

    /** One code mapping: the expense platform's code ({@code source}) and the ERP's ({@code target}). */
    public record Mapping(String kind, String source, String target) {}

    /** The tenant's expense policies, one per legal entity that has one. */
    public List<Policy> policies(TenantId tenant) {
        return db.inTenant(tenant, c -> {
            List<Policy> found = new java.util.ArrayList<>();
            try (PreparedStatement select = TenantSql.prepare(c, tenant, "select legal_entity_id, payable_account, "
                    + "input_tax_account, four_eyes_threshold, card_clearing_account from expense_policy where tenant_id = ? "
                    + "order by legal_entity_id");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(new Policy(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                            rs.getString(5)));
                }
            }
            return found;
        });
    }

    /** The tenant's code mappings, by kind and source code. */
    public List<Mapping> mappings(TenantId tenant) {
        return db.inTenant(tenant, c -> {
            List<Mapping> found = new java.util.ArrayList<>();
            try (PreparedStatement select = TenantSql.prepare(c, tenant, "select kind, source, target from expense_mapping "
                    + "where tenant_id = ? order by kind, source");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(new Mapping(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return found;
        });
    }

    public List<String> rolesOf(TenantId tenant, String person) {
        return db.inTenant(tenant, c -> rolesOf(c, tenant, person));
    }

    static List<String> rolesOf(Connection c, TenantId tenant, String person) throws SQLException {
        List<String> roles = new ArrayList<>();
        try (PreparedStatement select = TenantSql.prepare(c, tenant,
                "select role from expense_role where tenant_id = ? and person = ? order by role")) {
            select.setString(2, person);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    roles.add(rs.getString(1));
                }
            }
        }
        return roles;
    }

    public void mapping(TenantScope scope, String kind, String source, String target, String correlationId) {
        TenantId tenant = scope.tenantId();
        db.inTenant(tenant, c -> {
            Map<String, Object> before = null;
            try (PreparedStatement select = TenantSql.prepare(c, tenant, "select target from expense_mapping "
                    + "where tenant_id = ? and kind = ? and source = ?")) {
                select.setString(2, kind);
                select.setString(3, source);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        before = Map.of("target", rs.getString(1));
                    }
                }
            }
            audit.configurationChanged(c, scope, "expense/mappings/" + kind + "/" + source, before,
                    Map.of("target", target), correlationId);
            try (PreparedStatement upsert = TenantSql.prepare(c, tenant, "insert into expense_mapping (tenant_id, kind, "
                    + "source, target) values (?, ?, ?, ?) on conflict (tenant_id, kind, source) do update set target = excluded.target")) {
                upsert.setString(2, kind);
                upsert.setString(3, source);
                upsert.setString(4, target);
                return upsert.executeUpdate();
            }
        });
    }

    /** Sets {@code active} (employees) or {@code open} (cost centers, projects, GL accounts); the document as stored after. */
    public Optional<JsonNode> setFlag(TenantScope scope, String pathKind, String key, String field, boolean value,
                                      String correlationId) {
        TenantId tenant = scope.tenantId();
        String kind = switch (pathKind) {
            case "employees" -> "employee";
            case "cost-centers" -> "cost-center";
            case "projects" -> "project";
            default -> "gl-account";
        };
        return db.inTenant(tenant, c -> {
            JsonNode before;
            try (PreparedStatement select = TenantSql.prepare(c, tenant, "select body::text from master_data "
                    + "where tenant_id = ? and kind = ? and key = ?")) {
                select.setString(2, kind);
                select.setString(3, key);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<JsonNode>empty();
                    }
                    before = Json.mapper().readTree(rs.getString(1)).path(field);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            // Only the flag is recorded: the rest of the document (a payee's IBAN) does not change here.
            Map<String, Object> about = new LinkedHashMap<>();
            about.put("kind", kind);
            about.put("key", key);
            audit.append(c, scope, MASTER_DATA_CHANGED, withAbout(about, field, before.isMissingNode() ? null : before),
                    withAbout(about, field, value), correlationId);
            try (PreparedStatement update = TenantSql.prepare(c, tenant, "with target as (select tenant_id, kind, key "
                    + "from master_data where tenant_id = ? and kind = ? and key = ?) update master_data m set body = "
                    + "jsonb_set(m.body, array[?]::text[], to_jsonb(?::boolean)) from target where m.tenant_id = target.tenant_id "
                    + "and m.kind = target.kind and m.key = target.key returning m.body::text")) {
                update.setString(2, kind);
                update.setString(3, key);
                update.setString(4, field);
                update.setBoolean(5, value);
                try (ResultSet rs = update.executeQuery()) {
                    // The stored document holds the IBAN sealed; the answer shows it as a read would.
                    return rs.next() ? Optional.of(bankDetails.opened(tenant, kind, key, Json.mapper().readTree(rs.getString(1))))
                            : Optional.<JsonNode>empty();
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    private static Map<String, Object> withAbout(Map<String, Object> about, String field, Object value) {
        Map<String, Object> out = new LinkedHashMap<>(about);
        out.put(field, value);
        return out;
    }
}
