package io.finrelay.server.masterdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.db.Database;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Repository;

/**
 * Master data of one tenant. Legal entities have a table of their own (other rows refer to them);
 * every other kind is kept as its canonical JSON document in {@code master_data}, with bank account
 * numbers sealed ({@link BankDetails}). All statements go through {@link TenantSql}.
 */
@Repository
public class MasterDataStore {
    private final ObjectMapper json;
    private final BankDetails bankDetails;
    private final Database db;

    public MasterDataStore(ObjectMapper json, BankDetails bankDetails, Database db) {
        this.json = json;
        this.bankDetails = bankDetails;
        this.db = db;
    }

    /** One record, read in a transaction of its own. */
    public Optional<JsonNode> find(TenantScope scope, MasterDataKind kind, String key) {
        return db.inTenant(scope.tenantId(), c -> find(c, scope, kind, key));
    }

    /** A page of records in key order after {@code after}, read in a transaction of its own. */
    public List<JsonNode> list(TenantScope scope, MasterDataKind kind, String after, int limit) {
        return db.inTenant(scope.tenantId(), c -> list(c, scope, kind, after, limit));
    }

    public boolean exists(Connection c, TenantScope scope, MasterDataKind kind, String key) throws SQLException {
        return find(c, scope, kind, key).isPresent();
    }

    public void insert(Connection c, TenantScope scope, MasterDataKind kind, String key, ObjectNode document,
                       Instant now) throws SQLException {
        if (kind == MasterDataKind.LEGAL_ENTITIES) {
            try (PreparedStatement insert = TenantSql.prepare(c, scope, "insert into legal_entity (tenant_id, id, name, "
                    + "country, functional_currency, created_at) values (?, ?, ?, ?, ?, ?)")) {
                insert.setObject(2, UUID.fromString(key));
                insert.setString(3, document.get("name").asText());
                insert.setString(4, document.get("country").asText());
                insert.setString(5, document.get("functionalCurrency").asText());
                insert.setTimestamp(6, Timestamp.from(now));
                insert.executeUpdate();
            }
            return;
        }
        try (PreparedStatement insert = TenantSql.prepare(c, scope, "insert into master_data (tenant_id, kind, key, "
                + "legal_entity_id, body, created_at) values (?, ?, ?, ?, ?::jsonb, ?)")) {
            insert.setString(2, kind.storedName());
            insert.setString(3, key);
            insert.setObject(4, kind.legalEntityOf(document).orElse(null));
            insert.setString(5, bankDetails.sealed(scope.tenantId(), kind.storedName(), key, document).toString());
            insert.setTimestamp(6, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    public Optional<JsonNode> find(Connection c, TenantScope scope, MasterDataKind kind, String key) throws SQLException {
        List<JsonNode> found = kind == MasterDataKind.LEGAL_ENTITIES
                ? legalEntities(c, scope, "and id = ?::uuid", key, 1)
                : documents(c, scope, kind, "and key = ?", key, 1);
        return found.stream().findFirst();
    }

    /** Up to {@code limit} records ordered by key, after the key {@code after} (keyset paging). */
    public List<JsonNode> list(Connection c, TenantScope scope, MasterDataKind kind, String after, int limit)
            throws SQLException {
        String from = after == null ? "" : after;
        return kind == MasterDataKind.LEGAL_ENTITIES
                ? legalEntities(c, scope, "and id::text > ?", from, limit)
                : documents(c, scope, kind, "and key > ?", from, limit);
    }

    private List<JsonNode> legalEntities(Connection c, TenantScope scope, String condition, String value, int limit)
            throws SQLException {
        if (condition.contains("::uuid") && !isUuid(value)) {
            return List.of();
        }
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select id, tenant_id, name, country, "
                + "functional_currency from legal_entity where tenant_id = ? " + condition + " order by id::text limit ?")) {
            select.setString(2, value);
            select.setInt(3, limit);
            List<JsonNode> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ObjectNode node = json.createObjectNode();
                    node.put("id", rs.getString(1));
                    node.put("tenantId", rs.getString(2));
                    node.put("name", rs.getString(3));
                    node.put("country", rs.getString(4));
                    node.put("functionalCurrency", rs.getString(5));
                    rows.add(node);
                }
            }
            return rows;
        }
    }

    private List<JsonNode> documents(Connection c, TenantScope scope, MasterDataKind kind, String condition,
                                     String value, int limit) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope,
                "select key, body::text from master_data where tenant_id = ? and kind = ? " + condition + " order by key limit ?")) {
            select.setString(2, kind.storedName());
            select.setString(3, value);
            select.setInt(4, limit);
            List<JsonNode> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(bankDetails.opened(scope.tenantId(), kind.storedName(), rs.getString(1), read(rs.getString(2))));
                }
            }
            return rows;
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored master-data document is not JSON", e);
        }
    }

    private static boolean isUuid(String text) {
        try {
            UUID.fromString(text);
            return text.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
