package io.finrelay.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.audit.AuditTrail;
import io.finrelay.engine.audit.AuditVerifier;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.Correlation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's audit trail: read it page by page, and verify its hash chain, which names the first
 * record that was altered, removed or slipped in behind the application's back.
 */
@RestController
public class AuditController {
    // Tenant and partner admins for now; the role matrix maps these to an auditor permission later.

    public record AuditEntryView(long id, UUID instanceId, String correlationId, Instant occurredAt, String actor,
                                 String kind, JsonNode detail) {}

    /** The first record found wrong: what is wrong, its seal's seq and its audit record id. */
    public record BreakView(String problem, Long seq, Long auditId, String detail) {}

    /**
     * A verification: {@code intact} unless {@code firstBroken} names a record. Verification starts at
     * the anchor (seq 0 and zeros unless retention removed older records) and ends at the head, whose
     * hash can be kept outside Finrelay to detect a rewrite of the whole chain later.
     */
    public record VerificationView(boolean intact, long verified, long pending, long anchorSeq, String anchorHash,
                                   long headSeq, String headHash, BreakView firstBroken) {
        static VerificationView of(AuditVerifier.Result r) {
            BreakView broken = r.firstBreak().map(b -> new BreakView(b.problem().name(), b.seq(), b.auditId(),
                    b.detail())).orElse(null);
            return new VerificationView(r.intact(), r.verified(), r.pending(), r.anchorSeq(), r.anchorHash(),
                    r.headSeq(), r.headHash(), broken);
        }
    }

    private final Access access;
    private final WorkflowEngine engine;
    private final AuditLog auditLog;
    private final ObjectMapper json;

    public AuditController(Access access, WorkflowEngine engine, AuditLog auditLog, ObjectMapper json) {
        this.access = access;
        this.engine = engine;
        this.auditLog = auditLog;
        this.json = json;
    }

    /** A page of the trail; pass the last id of a page as {@code after} for the next one. */
    @GetMapping("/v1/tenants/{tenantId}/audit")
    public List<AuditEntryView> page(@PathVariable UUID tenantId, @RequestParam(required = false) Long after,
                                     @RequestParam(defaultValue = "50")
                                     @Min(value = 1, message = "must be between 1 and 500")
                                     @Max(value = 500, message = "must be between 1 and 500") int limit,
                                     @RequestParam(defaultValue = "newest")
                                     @Pattern(regexp = "newest|oldest", message = "must be newest or oldest") String order,
                                     @RequestParam(required = false) String correlationId,
                                     @RequestParam(required = false) String kind) {
        TenantScope scope = access.tenant(tenantId, Action.READ_AUDIT);
        // order and limit are checked by their constraints (method validation), before this method runs.
        AuditTrail.PageQuery query = new AuditTrail.PageQuery(after, limit, order.equals("newest"),
                blankToNull(correlationId), blankToNull(kind));
        return engine.auditPage(scope.tenantId(), query).stream().map(this::view).toList();
    }

    /** Recomputes the chain now; 200 whatever it finds, with the first broken record named. */
    @PostMapping("/v1/tenants/{tenantId}/audit/verify")
    public VerificationView verify(@PathVariable UUID tenantId, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.VERIFY_AUDIT);
        VerificationView result = VerificationView.of(engine.verifyAudit(scope.tenantId()));
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("intact", result.intact());
        outcome.put("verified", result.verified());
        outcome.put("headSeq", result.headSeq());
        if (result.firstBroken() != null) {
            outcome.put("firstBroken", result.firstBroken());
        }
        auditLog.append(scope, "audit.verified", null, outcome, Correlation.of(request));
        return result;
    }

    private AuditEntryView view(AuditTrail.Entry e) {
        try {
            return new AuditEntryView(e.id(), e.instanceId(), e.correlationId(), e.occurredAt(), e.actor(), e.kind(),
                    json.readTree(e.detailJson()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("audit record " + e.id() + " holds unreadable JSON", ex);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
