package io.finrelay.server.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.db.Database;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.server.web.ApiProblem;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's audit trail for auditors: every recorded step of every workflow, and what happened
 * outside them (refused permissions, logins), newest first, optionally of one kind.
 */
@RestController
public class AuditEventController {
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9._-]{0,99}");

    /** One audit event; {@code next} of a page is the {@code before} of the following page. */
    public record AuditEventView(long id, UUID instanceId, String correlationId, Instant occurredAt, String actor,
                                 String kind, JsonNode detail) {}

    public record Page(List<AuditEventView> items, Long next) {}

    private final Access access;
    private final Database db;
    private final ObjectMapper json;

    public AuditEventController(Access access, Database db, ObjectMapper json) {
        this.access = access;
        this.db = db;
        this.json = json;
    }

    @GetMapping("/v1/tenants/{tenantId}/audit-events")
    public Page list(@PathVariable UUID tenantId, @RequestParam(required = false) String kind,
                     @RequestParam(required = false) Long before, @RequestParam(defaultValue = "50") int limit) {
        TenantScope scope = access.tenant(tenantId, Action.READ_AUDIT);
        if (kind != null && !KIND.matcher(kind).matches()) {
            throw ApiProblem.invalid("kind", kind, "must be an audit event kind such as permission.refused");
        }
        int size = Math.clamp(limit, 1, 500);
        List<AuditEventView> items = db.inTransaction(c -> {
            try (PreparedStatement select = TenantSql.prepare(c, scope, "select id, instance_id, correlation_id, "
                    + "occurred_at, actor, kind, detail::text from audit_event where tenant_id = ? "
                    + "and (?::text is null or kind = ?) and (?::bigint is null or id < ?) order by id desc limit ?")) {
                select.setString(2, kind);
                select.setString(3, kind);
                select.setObject(4, before);
                select.setObject(5, before);
                select.setInt(6, size);
                List<AuditEventView> out = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditEventView(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                                rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6), tree(rs.getString(7))));
                    }
                }
                return out;
            }
        });
        return new Page(items, items.size() < size ? null : items.getLast().id());
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored audit detail is not JSON", e);
        }
    }
}
