package io.finrelay.server.expense;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.json.Json;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.masterdata.BankDetails;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Writes a tenant's expense set-up: policies, FX rates, release roles, code mappings, master data flags. */
@Component
public class ExpenseSetup {
    private final Database db;
    private final Clock clock;
    private final BankDetails bankDetails;

    public ExpenseSetup(Database db, Clock clock, BankDetails bankDetails) {
        this.db = db;
        this.bankDetails = bankDetails;
        this.clock = clock;
    }

    public void policy(TenantId tenant, UUID legalEntityId, String payable, String inputTax, BigDecimal threshold) {
        db.inTenant(tenant, c -> {
            try (PreparedStatement upsert = ExpenseSql.prepare(c, tenant, "insert into expense_policy (tenant_id, "
                    + "legal_entity_id, payable_account, input_tax_account, four_eyes_threshold, updated_at) "
                    + "values (?, ?, ?, ?, ?, ?) on conflict (tenant_id, legal_entity_id) do update set "
                    + "payable_account = excluded.payable_account, input_tax_account = excluded.input_tax_account, "
                    + "four_eyes_threshold = excluded.four_eyes_threshold, updated_at = excluded.updated_at")) {
                upsert.setObject(2, legalEntityId);
                upsert.setString(3, payable);
                upsert.setString(4, inputTax);
                upsert.setBigDecimal(5, threshold);
                upsert.setTimestamp(6, Timestamp.from(clock.instant()));
                return upsert.executeUpdate();
            }
        });
    }

    public void rate(TenantId tenant, String base, String quote, LocalDate date, BigDecimal rate, String source) {
        db.inTenant(tenant, c -> {
            try (PreparedStatement upsert = ExpenseSql.prepare(c, tenant, "insert into fx_rate (tenant_id, base, quote, "
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

    public void roles(TenantId tenant, String person, List<String> roles) {
        db.inTenant(tenant, c -> {
            try (PreparedStatement delete = ExpenseSql.prepare(c, tenant,
                    "delete from expense_role where tenant_id = ? and person = ?")) {
                delete.setString(2, person);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = ExpenseSql.prepare(c, tenant,
                    "insert into expense_role (tenant_id, person, role) values (?, ?, ?) on conflict do nothing")) {
                for (String role : roles) {
                    insert.setString(2, person);
                    insert.setString(3, role);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    public List<String> rolesOf(TenantId tenant, String person) {
        return db.inTenant(tenant, c -> {
            List<String> roles = new ArrayList<>();
            try (PreparedStatement select = ExpenseSql.prepare(c, tenant,
                    "select role from expense_role where tenant_id = ? and person = ? order by role")) {
                select.setString(2, person);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        roles.add(rs.getString(1));
                    }
                }
            }
            return roles;
        });
    }

    public void mapping(TenantId tenant, String kind, String source, String target) {
        db.inTenant(tenant, c -> {
            try (PreparedStatement upsert = ExpenseSql.prepare(c, tenant, "insert into expense_mapping (tenant_id, kind, "
                    + "source, target) values (?, ?, ?, ?) on conflict (tenant_id, kind, source) do update set target = excluded.target")) {
                upsert.setString(2, kind);
                upsert.setString(3, source);
                upsert.setString(4, target);
                return upsert.executeUpdate();
            }
        });
    }

    /** Sets {@code active} (employees) or {@code open} (cost centers, projects, GL accounts); the document as stored after. */
    public Optional<JsonNode> setFlag(TenantId tenant, String pathKind, String key, String field, boolean value) {
        String kind = switch (pathKind) {
            case "employees" -> "employee";
            case "cost-centers" -> "cost-center";
            case "projects" -> "project";
            default -> "gl-account";
        };
        return db.inTenant(tenant, c -> {
            try (PreparedStatement update = ExpenseSql.prepare(c, tenant, "with target as (select tenant_id, kind, key "
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
}
