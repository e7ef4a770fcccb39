package io.finrelay.server.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.audit.AuditRecord;
import io.finrelay.engine.audit.AuditTrail;
import io.finrelay.engine.db.Database;
import io.finrelay.model.Money;
import io.finrelay.server.masterdata.BankDetailStore;
import io.finrelay.server.security.ApiPrincipal;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.governance.BankDetailChange;
import io.finrelay.workflows.governance.DutyPolicy;
import io.finrelay.workflows.governance.Refusal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The server's side of segregation of duties: a tenant's {@link DutyPolicy} (stored, read, changed
 * with an audit record), the facts a duty decision needs from the database, and the audit record of
 * every refusal with the rule that refused. The rules themselves live in {@link DutyPolicy} only.
 */
@Component
public class Duties {
    public static final String REFUSED = "sod.refused";

    private final Database db;
    private final BankDetailStore bankDetails;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditTrail audit = new AuditTrail();

    public Duties(Database db, BankDetailStore bankDetails, ObjectMapper json, Clock clock) {
        this.db = db;
        this.bankDetails = bankDetails;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Who acts, for the duty rules. A person who logged in (a Finrelay or OIDC user) acts as
     * themselves, and naming anyone else in {@code field} is refused; a machine key (a treasury
     * workstation, an HR feed) names the person it acts for in {@code field}, or, where
     * {@code keyMayAct}, acts as itself when it names no one.
     */
    public static String person(TenantScope scope, JsonNode body, String field, boolean keyMayAct) {
        JsonNode named = body == null ? null : body.get(field);
        if (named != null && !named.isNull() && !named.isTextual()) {
            throw ApiProblem.invalid(field, named.toString(), "must name a person");
        }
        return person(scope, named == null || named.isNull() ? null : named.asText(), field, keyMayAct);
    }

    /** The same, for a typed body: {@code named} is the person the body names in {@code field}, or null. */
    public static String person(TenantScope scope, String named, String field, boolean keyMayAct) {
        ApiPrincipal caller = scope.principal();
        if (named != null && named.isBlank()) {
            throw ApiProblem.invalid(field, named, "must name a person");
        }
        if (caller.kind() == ApiPrincipal.Kind.USER) {
            if (named != null && !named.equals(caller.subject())) {
                throw ApiProblem.invalid(field, named, "a person who logged in acts as themselves ("
                        + caller.subject() + "), not for someone else");
            }
            return caller.subject();
        }
        if (named != null) {
            return named;
        }
        if (keyMayAct) {
            return caller.actor();
        }
        throw ApiProblem.invalid(field, null, "is required: an API key must name the person it acts for");
    }

    /** The tenant's policy, or the defaults until it sets one. */
    public DutyPolicy policy(TenantScope scope) {
        return db.inTenant(scope.tenantId(), c -> policy(c, scope));
    }

    /** The tenant's policy, read in the caller's transaction (with the other facts a decision needs). */
    public DutyPolicy policy(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select policy::text from duty_policy where tenant_id = ?")) {
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? parse(tree(rs.getString(1))) : DutyPolicy.defaults();
            }
        }
    }

    /** Replaces the tenant's policy and audits the change (before and after) as a configuration change. */
    public DutyPolicy setPolicy(TenantScope scope, DutyPolicyBody body, String correlationId) {
        DutyPolicy next = policy(body);
        db.inTenant(scope.tenantId(), c -> {
            DutyPolicy before = policy(c, scope);
            try (PreparedStatement upsert = TenantSql.prepare(c, scope, "insert into duty_policy (tenant_id, policy, "
                    + "updated_by, updated_at) values (?, ?::jsonb, ?, ?) on conflict (tenant_id) do update set "
                    + "policy = excluded.policy, updated_by = excluded.updated_by, updated_at = excluded.updated_at")) {
                upsert.setString(2, write(next).toString());
                upsert.setString(3, scope.principal().actor());
                upsert.setTimestamp(4, Timestamp.from(clock.instant()));
                upsert.executeUpdate();
            }
            audit.append(c, List.of(new AuditRecord(scope.tenantId(), null, correlationId, clock.instant(),
                    scope.principal().actor(), "configuration.changed", Map.of("setting", "policies/duties",
                    "before", asMap(write(before)), "after", asMap(write(next))))));
            return null;
        });
        return next;
    }

    /** The last change of the payee's bank details ({@code employee} or {@code vendor} and its key). */
    public Optional<BankDetailChange> lastBankDetailChange(TenantScope scope, String payeeKind, String payeeKey) {
        return db.inTenant(scope.tenantId(), c -> lastBankDetailChange(c, scope, payeeKind, payeeKey));
    }

    /** The same, read in the caller's transaction. */
    public Optional<BankDetailChange> lastBankDetailChange(Connection c, TenantScope scope, String payeeKind, String payeeKey)
            throws SQLException {
        return bankDetails.lastChange(c, scope, payeeKind, payeeKey);
    }

    /** Audits a refusal: the rule, who was refused, and the object they acted on. */
    public void refused(TenantScope scope, Refusal refusal, Actor actor, String object, UUID instanceId, String correlationId) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("rule", refusal.rule());
        detail.put("actor", actor.name());
        detail.put("object", object);
        detail.put("reason", refusal.sentence());
        db.inTenant(scope.tenantId(), c -> {
            audit.append(c, List.of(new AuditRecord(scope.tenantId(), instanceId, correlationId, clock.instant(),
                    scope.principal().actor(), REFUSED, detail)));
            return null;
        });
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored duty policy is not JSON", e);
        }
    }

    private Map<String, Object> asMap(JsonNode node) {
        return json.convertValue(node, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
    }

    public ObjectNode write(DutyPolicy policy) {
        ObjectNode out = json.createObjectNode();
        var thresholds = out.putArray("fourEyesAbove");
        policy.fourEyesAbove().forEach(m -> thresholds.addObject().put("amount", m.amount().toPlainString())
                .put("currency", m.currencyCode()));
        out.put("bankDetailCooling", policy.bankDetailCooling().toString());
        out.put("selfApprovalForbidden", policy.selfApprovalForbidden());
        out.put("makerChecker", policy.makerChecker());
        return out;
    }

    /** Reads a stored policy document (as {@link #write} wrote it). */
    DutyPolicy parse(JsonNode stored) {
        try {
            return policy(json.treeToValue(stored, DutyPolicyBody.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored duty policy does not fit its shape", e);
        }
    }

    /**
     * The policy a body describes, its declared constraints already checked (RequestValidation); what
     * they cannot say (a currency Money does not know, two thresholds in one currency) is a 400 naming the field.
     */
    static DutyPolicy policy(DutyPolicyBody body) {
        List<Money> thresholds = new ArrayList<>();
        List<DutyPolicyBody.FourEyesThreshold> list = body.fourEyesAbove() == null ? List.of() : body.fourEyesAbove();
        for (int i = 0; i < list.size(); i++) {
            DutyPolicyBody.FourEyesThreshold t = list.get(i);
            try {
                thresholds.add(Money.of(t.amount(), t.currency()));
            } catch (RuntimeException e) {
                throw ApiProblem.invalid("fourEyesAbove[" + i + "]", t.amount() + " " + t.currency(),
                        "must be an amount and an ISO 4217 currency");
            }
        }
        Duration cooling;
        try {
            cooling = Duration.parse(body.bankDetailCooling() == null ? "P7D" : body.bankDetailCooling());
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid("bankDetailCooling", body.bankDetailCooling(), "must be an ISO 8601 duration, e.g. P7D");
        }
        try {
            return new DutyPolicy(thresholds, cooling, !Boolean.FALSE.equals(body.selfApprovalForbidden()),
                    !Boolean.FALSE.equals(body.makerChecker()));
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().startsWith("bankDetailCooling") ? "bankDetailCooling" : "fourEyesAbove";
            throw ApiProblem.invalid(field, null, e.getMessage());
        }
    }
}
