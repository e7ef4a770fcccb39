package io.finrelay.server.masterdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.workflows.governance.BankDetailChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Repository;

/**
 * Changes of payees' bank details (who, when), the change itself, and re-sealing a tenant's stored
 * IBANs after a key rotation. All statements go through {@link TenantSql}.
 */
@Repository
public class BankDetailStore {
    private final BankDetails bankDetails;
    private final ObjectMapper json;

    public BankDetailStore(BankDetails bankDetails, ObjectMapper json) {
        this.bankDetails = bankDetails;
        this.json = json;
    }

    public void recordChange(Connection c, TenantScope scope, String storedKind, String key, String changedBy,
                             Instant at) throws SQLException {
        try (PreparedStatement insert = TenantSql.prepare(c, scope, "insert into bank_detail_change (tenant_id, kind, "
                + "key, changed_by, principal, changed_at) values (?, ?, ?, ?, ?, ?)")) {
            insert.setString(2, storedKind);
            insert.setString(3, key);
            insert.setString(4, changedBy);
            insert.setString(5, scope.principal().actor());
            insert.setTimestamp(6, Timestamp.from(at));
            insert.executeUpdate();
        }
    }

    /** The last recorded change of the payee's bank details, if any. */
    public Optional<BankDetailChange> lastChange(Connection c, TenantScope scope, String storedKind, String key)
            throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select changed_by, changed_at from bank_detail_change "
                + "where tenant_id = ? and kind = ? and key = ? order by changed_at desc, id desc limit 1")) {
            select.setString(2, storedKind);
            select.setString(3, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new BankDetailChange(rs.getString(1), rs.getTimestamp(2).toInstant()))
                        : Optional.empty();
            }
        }
    }

    /** Replaces the bank account of a stored employee or vendor (sealed); false if there is no such record. */
    public boolean replaceAccount(Connection c, TenantScope scope, String storedKind, String key, JsonNode document)
            throws SQLException {
        JsonNode stored = bankDetails.sealed(scope.tenantId(), storedKind, key, document);
        try (PreparedStatement update = TenantSql.prepare(c, scope, "with target as (select tenant_id, kind, key from "
                + "master_data where tenant_id = ? and kind = ? and key = ?) update master_data m set body = ?::jsonb "
                + "from target where m.tenant_id = target.tenant_id and m.kind = target.kind and m.key = target.key")) {
            update.setString(2, storedKind);
            update.setString(3, key);
            update.setString(4, stored.toString());
            return update.executeUpdate() == 1;
        }
    }

    /** Seals every IBAN of the tenant under the active key; counts the documents rewritten per kind. */
    public Map<String, Integer> resealAll(Connection c, TenantScope scope) throws SQLException {
        Map<String, Integer> rewritten = new LinkedHashMap<>(Map.of("employee", 0, "vendor", 0));
        // Only rows not yet under the active key are read, so that a run with nothing to do is cheap.
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select kind, key, body::text from master_data "
                + "where tenant_id = ? and kind in ('employee', 'vendor') and body->'bankAccount'->>'iban' is not null "
                + "and not starts_with(body->'bankAccount'->>'iban', ?) order by kind, key for update")) {
            select.setString(2, bankDetails.activePrefix());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(1);
                    String key = rs.getString(2);
                    JsonNode stored = read(rs.getString(3));
                    JsonNode resealed = bankDetails.resealed(scope.tenantId(), kind, key, stored);
                    if (!resealed.equals(stored)) {
                        replaceAccount(c, scope, kind, key, resealed);
                        rewritten.merge(kind, 1, Integer::sum);
                    }
                }
            }
        }
        return rewritten;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored master-data document is not JSON", e);
        }
    }
}
