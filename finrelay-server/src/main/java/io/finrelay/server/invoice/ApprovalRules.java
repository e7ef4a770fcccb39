package io.finrelay.server.invoice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.json.Json;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.workflows.invoice.ApprovalRouting;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's approval rules for supplier invoices (table ap_approval_rules, one ordered document) and
 * the delegations its approvers name (ap_approval_delegation): read, set, each change audited. All their
 * SQL on the API's side is here; the workflow reads them in its deciding transaction ({@link InvoiceTables}).
 */
public class ApprovalRules {
    private static final TypeReference<List<ApprovalRouting.Rule>> RULES = new TypeReference<>() {};

    /** A delegation as the API shows it. */
    public record Delegation(UUID id, String approver, String delegate, LocalDate validFrom, LocalDate validTo,
                             String createdBy, Instant createdAt, Instant withdrawnAt, String withdrawnBy) {}

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    public ApprovalRules(Database db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /** The tenant's rules in their order (none until it sets some: every invoice then goes to any one approver). */
    public List<ApprovalRouting.Rule> rules(TenantScope scope) {
        return db.inTenant(scope.tenantId(), c -> read(c, scope));
    }

    /** Replaces the tenant's rules; the change (before and after) is audited as configuration. */
    public List<ApprovalRouting.Rule> set(TenantScope scope, List<ApprovalRouting.Rule> rules, String correlationId) {
        return db.inTenant(scope.tenantId(), c -> {
            List<ApprovalRouting.Rule> before = read(c, scope);
            try (PreparedStatement ps = TenantSql.prepare(c, scope, "insert into ap_approval_rules (tenant_id, rules, "
                    + "updated_by, updated_at) values (?, ?::jsonb, ?, ?) on conflict (tenant_id) do update set "
                    + "rules = excluded.rules, updated_by = excluded.updated_by, updated_at = excluded.updated_at")) {
                ps.setString(2, write(rules));
                ps.setString(3, scope.principal().actor());
                ps.setTimestamp(4, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            audit.configurationChanged(c, scope, "ap/approval-rules", Map.of("rules", before), Map.of("rules", rules),
                    correlationId);
            return rules;
        });
    }

    /** Records that {@code approver} lets {@code delegate} approve for them between the two dates (audited). */
    public Delegation delegate(TenantScope scope, String approver, String delegate, LocalDate from, LocalDate to,
                               String correlationId) {
        Delegation made = new Delegation(UUID.randomUUID(), approver, delegate, from, to, scope.principal().actor(),
                clock.instant(), null, null);
        return db.inTenant(scope.tenantId(), c -> {
            try (PreparedStatement ps = TenantSql.prepare(c, scope, "insert into ap_approval_delegation (tenant_id, id, "
                    + "approver, delegate, valid_from, valid_to, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setObject(2, made.id());
                ps.setString(3, approver);
                ps.setString(4, delegate);
                ps.setDate(5, Date.valueOf(from));
                ps.setDate(6, Date.valueOf(to));
                ps.setString(7, made.createdBy());
                ps.setTimestamp(8, Timestamp.from(made.createdAt()));
                ps.executeUpdate();
            }
            audit.configurationChanged(c, scope, "ap/approval-delegations/" + made.id(), null, shown(made), correlationId);
            return made;
        });
    }

    /** The tenant's delegations, newest first, withdrawn ones included. */
    public List<Delegation> delegations(TenantScope scope) {
        return db.inTenant(scope.tenantId(), c -> {
            try (PreparedStatement ps = TenantSql.prepare(c, scope, "select id, approver, delegate, valid_from, valid_to, "
                    + "created_by, created_at, withdrawn_at, withdrawn_by from ap_approval_delegation where tenant_id = ? "
                    + "order by created_at desc, id");
                 ResultSet rs = ps.executeQuery()) {
                List<Delegation> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(delegation(rs));
                }
                return out;
            }
        });
    }

    /** Withdraws a delegation from now on (audited); the approvals it counted stay as they were. */
    public Optional<Delegation> withdraw(TenantScope scope, UUID id, String correlationId) {
        return db.inTenant(scope.tenantId(), c -> withdraw(c, scope, id, correlationId));
    }

    private Optional<Delegation> withdraw(Connection c, TenantScope scope, UUID id, String correlationId)
            throws SQLException {
        Delegation before;
        try (PreparedStatement ps = TenantSql.prepare(c, scope, "select id, approver, delegate, valid_from, valid_to, "
                + "created_by, created_at, withdrawn_at, withdrawn_by from ap_approval_delegation where tenant_id = ? "
                + "and id = ? for update")) {
            ps.setObject(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                before = delegation(rs);
            }
        }
        if (before.withdrawnAt() != null) {
            return Optional.of(before);
        }
        Delegation after = new Delegation(before.id(), before.approver(), before.delegate(), before.validFrom(),
                before.validTo(), before.createdBy(), before.createdAt(), clock.instant(), scope.principal().actor());
        try (PreparedStatement ps = TenantSql.prepare(c, scope, "with row as (select id from ap_approval_delegation "
                + "where tenant_id = ? and id = ?) update ap_approval_delegation d set withdrawn_at = ?, withdrawn_by = ? "
                + "from row where d.tenant_id = ? and d.id = row.id")) {
            ps.setObject(2, id);
            ps.setTimestamp(3, Timestamp.from(after.withdrawnAt()));
            ps.setString(4, after.withdrawnBy());
            ps.setObject(5, scope.tenantId().value());
            ps.executeUpdate();
        }
        audit.configurationChanged(c, scope, "ap/approval-delegations/" + id, shown(before), shown(after), correlationId);
        return Optional.of(after);
    }

    private static Delegation delegation(ResultSet rs) throws SQLException {
        Timestamp withdrawn = rs.getTimestamp(8);
        return new Delegation(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getDate(4).toLocalDate(),
                rs.getDate(5).toLocalDate(), rs.getString(6), rs.getTimestamp(7).toInstant(),
                withdrawn == null ? null : withdrawn.toInstant(), rs.getString(9));
    }

    private static Map<String, Object> shown(Delegation d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("approver", d.approver());
        out.put("delegate", d.delegate());
        out.put("validFrom", d.validFrom().toString());
        out.put("validTo", d.validTo().toString());
        out.put("withdrawn", d.withdrawnAt() != null);
        return out;
    }

    static List<ApprovalRouting.Rule> parse(String json) {
        try {
            return json == null ? List.of() : Json.mapper().readValue(json, RULES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored approval rules are not readable", e);
        }
    }

    private static String write(List<ApprovalRouting.Rule> rules) {
        try {
            return Json.mapper().writeValueAsString(rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("approval rules could not be written", e);
        }
    }

    private static List<ApprovalRouting.Rule> read(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement ps = TenantSql.prepare(c, scope, "select rules::text from ap_approval_rules where tenant_id = ?");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? parse(rs.getString(1)) : List.of();
        }
    }

    /** The problem for a rule set that breaks a rule the records enforce (a band upside down, say). */
    static ApiProblem invalid(String field, Object value, IllegalArgumentException e) {
        return ApiProblem.invalid(field, value, e.getMessage());
    }
}
