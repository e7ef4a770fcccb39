package io.finrelay.server.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.RequestValidation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's segregation-of-duties policy: anyone in the tenant may read it; only a tenant admin
 * changes it, and the change is audited (before and after).
 */
@RestController
public class DutyPolicyController {
    private static final String PATH = "/v1/tenants/{tenantId}/policies/duties";

    private final Access access;
    private final Duties duties;
    private final RequestValidation validation;

    public DutyPolicyController(Access access, Duties duties, RequestValidation validation) {
        this.access = access;
        this.duties = duties;
        this.validation = validation;
    }

    /** The tenant's duty policy (four eyes and segregation of duties). */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The duty policy",
            content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(
                    implementation = DutyPolicyBody.class)))
    @GetMapping(PATH)
    public JsonNode get(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_TENANT);
        return duties.write(duties.policy(scope));
    }

    /** Sets the tenant's duty policy. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The duty policy, as set",
            content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(
                    implementation = DutyPolicyBody.class)))
    @PutMapping(PATH)
    public JsonNode put(@PathVariable UUID tenantId, @RequestBody DutyPolicyBody body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_GOVERNANCE);
        return duties.write(duties.setPolicy(scope, validation.check(body), Correlation.of(request)));
    }
}
