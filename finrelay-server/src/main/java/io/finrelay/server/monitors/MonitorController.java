package io.finrelay.server.monitors;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's stuck-workflow monitors: the thresholds (read by anyone who reads master data, set by those
 * who write it, like the reconciliation's settings) and the operations tool's webhook (set by those who
 * manage connectors, like the expense peers' URLs; its secret is answered once, when generated).
 */
@RestController
public class MonitorController {
    private static final String THRESHOLDS = "/v1/tenants/{tenantId}/monitors/thresholds";
    private static final String WEBHOOK = "/v1/tenants/{tenantId}/monitors/webhook";

    /**
     * Where the breach webhooks go. {@code rotateSecret}: generate a new secret (the old one stops at once).
     */
    public record WebhookBody(String url, Boolean rotateSecret) {}

    private final Access access;
    private final MonitorSettings settings;

    public MonitorController(Access access, MonitorSettings settings) {
        this.access = access;
        this.settings = settings;
    }

    /** Every threshold in force (ISO 8601), whether it is the default, and the monitor it belongs to. */
    @GetMapping(THRESHOLDS)
    public Map<String, Object> thresholds(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_MASTER_DATA);
        return settings.thresholds(scope).shown();
    }

    /**
     * Sets the thresholds: each field an ISO 8601 duration from PT5M to P60D; a field left out takes its
     * default. Every bad field is named in one 400, and nothing is changed.
     */
    @PutMapping(THRESHOLDS)
    public Map<String, Object> setThresholds(@PathVariable UUID tenantId, @RequestBody JsonNode body,
                                             HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.WRITE_MASTER_DATA);
        if (body == null || !body.isObject()) {
            throw ApiProblem.invalid("body", null, "must be an object of thresholds, e.g. {\"scheduledNotSent\": \"PT12H\"}");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        body.properties().forEach(e -> fields.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        return settings.setThresholds(scope, Thresholds.parse(fields), Correlation.of(request)).shown();
    }

    /** The operations tool's webhook URL; the secret only as {@code set} or {@code not set}. */
    @GetMapping(WEBHOOK)
    public Map<String, Object> webhook(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_MASTER_DATA);
        return settings.webhookShown(scope);
    }

    /**
     * Sets the operations tool's webhook URL (it must pass the outbound URL policy: https or http, no
     * credentials, public addresses only). The first time, or with {@code rotateSecret}, answers the
     * {@code whsec_} secret the webhooks are signed with: shown this once.
     */
    @PutMapping(WEBHOOK)
    public Map<String, Object> setWebhook(@PathVariable UUID tenantId, @RequestBody WebhookBody body,
                                          HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_CONNECTORS);
        if (body == null || body.url() == null || body.url().isBlank()) {
            throw ApiProblem.invalid("url", null, "is required");
        }
        return settings.setWebhook(scope, body.url().strip(), Boolean.TRUE.equals(body.rotateSecret()),
                Correlation.of(request));
    }
}
