package io.finrelay.server.connectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.connectors.erp.tryton.ConnectionCheck;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.RequestValidation;
import io.finrelay.workflows.port.ErpException;
import io.finrelay.workflows.port.ErpPort;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's connectors: which system plays a part (today the ERP: {@code erp}), of which type, with
 * which settings, and a connection test that says in plain words what is wrong. The secret is
 * write-only: it is sealed at rest, and answers only say whether one is set.
 */
@RestController
public class ConnectorController {
    // The connectors a tenant can configure today: its ERP. A new kind is a new alternative here.
    private static final String PATH = "/v1/tenants/{tenantId}/connectors/{name:erp}";

    private final Access access;
    private final ConnectorConfigs configs;
    private final ErpConnections erps;
    private final ErpMasterDataPull pull;
    private final Clock clock;
    private final RequestValidation validation;
    private final ObjectMapper json;

    public ConnectorController(Access access, ConnectorConfigs configs, ErpConnections erps, ErpMasterDataPull pull,
                               Clock clock, RequestValidation validation, ObjectMapper json) {
        this.validation = validation;
        this.json = json;
        this.access = access;
        this.configs = configs;
        this.erps = erps;
        this.pull = pull;
        this.clock = clock;
    }

    /** Configures a connector of the tenant (the ERP: Tryton or a REST ERP), its settings checked field by field. */
    @PutMapping(PATH)
    public ConnectorView put(@PathVariable UUID tenantId, @PathVariable String name,
                                   @RequestBody ConnectorRequest body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_CONNECTORS);
        slot(name);
        if (body != null && !body.otherFields().isEmpty()) {
            throw ApiProblem.invalid(body.otherFields().keySet().stream().map(field -> new ApiProblem.FieldError(field,
                    null, "is not a field of a connector configuration (type, settings, secret)", "unknown-field"))
                    .toList());
        }
        validation.check(body);
        ConnectorSettings settings = ConnectorSettings.parse(body.type(),
                body.settings() == null ? null : json.valueToTree(body.settings()));
        Optional<String> secret = Optional.ofNullable(body.secret());
        if (settings.needsSecret() && secret.isEmpty()
                && configs.find(scope, name).flatMap(ConnectorConfig::sealedSecret).isEmpty()) {
            throw ApiProblem.invalid("secret", null, "is required for a " + settings.type() + " connector (the password "
                    + "of settings.user)");
        }
        ConnectorConfig saved = configs.save(scope, name, settings, settings.needsSecret() ? secret : Optional.empty(),
                Correlation.of(request));
        erps.forget(scope.tenantId());
        return view(saved);
    }

    /** A connector's configuration, secrets left out. */
    @GetMapping(PATH)
    public ConnectorView get(@PathVariable UUID tenantId, @PathVariable String name) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        return view(configs.find(scope, slot(name)).orElseThrow(() -> ApiProblem.notFound("connector " + name)));
    }

    /** Runs the connection test with the stored settings; the answer is the test's verdict, in plain words. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "What the connection test found", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @PostMapping(PATH + "/test")
    public ConnectionTestResult test(@PathVariable UUID tenantId, @PathVariable String name) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_CONNECTORS);
        ConnectorConfig config = configs.find(scope, slot(name)).orElseThrow(() -> ApiProblem.notFound("connector " + name));
        if (!(config.settings() instanceof ConnectorSettings.Tryton tryton)) {
            throw new ApiProblem(HttpStatus.CONFLICT, "no-connection-test", "No connection test",
                    "connector " + name + " is of type " + config.settings().type()
                            + ", which has no connection test yet; only " + ConnectorSettings.TRYTON + " has");
        }
        ConnectionCheck.Report report = ConnectionCheck.run(
                ErpConnections.trytonConfig(scope.tenantId(), tryton, configs.openSecret(scope, config)),
                LocalDate.now(clock));
        return new ConnectionTestResult(report.ok(), report.problem() == null ? null : report.problem().name(),
                report.message(), report.serverVersion().isEmpty() ? null : report.serverVersion());
    }

    /**
     * Pulls legal entities, GL accounts, employees and tax codes from the tenant's ERP into its master
     * data (only what is not there yet), so that the expense workflow validates against the ERP's own.
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "What the pull added and what was there", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @PostMapping(PATH + "/pull-master-data")
    public ErpMasterDataPull.Outcome pullMasterData(@PathVariable UUID tenantId, @PathVariable String name,
                                              HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_CONNECTORS);
        ConnectorConfig config = configs.find(scope, slot(name)).orElseThrow(() -> ApiProblem.notFound("connector " + name));
        ErpPort erp = erps.tryton(scope.tenantId()).orElseThrow(() -> new ApiProblem(HttpStatus.CONFLICT,
                "no-master-data-pull", "No master data pull", "connector " + name + " is of type "
                + config.settings().type() + ", which has no master data pull; only " + ConnectorSettings.TRYTON + " has"));
        try {
            return pull.pull(scope, erp, Correlation.of(request));
        } catch (ErpException e) {
            throw new ApiProblem(HttpStatus.BAD_GATEWAY, "erp-failed", "The ERP did not answer",
                    "the master data pull from the ERP failed: " + e.getMessage() + " (run the connection test)");
        }
    }

    private static String slot(String name) {
        if (!ConnectorConfigs.ERP.equals(name)) {
            throw ApiProblem.notFound("connector slot " + name + " (known: " + ConnectorConfigs.ERP + ")");
        }
        return name;
    }

    private static ConnectorView view(ConnectorConfig config) {
        return new ConnectorView(config.name(), config.settings().type(), config.settings().toJson(),
                config.sealedSecret().isPresent() ? "set" : "not set", config.version(), config.updatedAt(),
                config.updatedBy());
    }

    /** A connector's configuration as stored: its settings, whether a secret is set (never the secret), its version. */
    public record ConnectorView(
            @Schema(example = "erp") String name,
            @Schema(example = "tryton") String type,
            @Schema(description = "the type's settings, as set (see PUT)") JsonNode settings,
            @Schema(allowableValues = {"set", "not set"}) String secret,
            long version, Instant updatedAt, String updatedBy) {}

    /** What the connection test found: ok, or the problem (a code and plain words), and the server's version. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectionTestResult(
            boolean ok,
            @Schema(description = "what failed, as a code, when not ok", example = "BAD_CREDENTIALS") String problem,
            String message,
            @Schema(description = "the ERP server's version, when it answered", example = "\"6.0\"") String serverVersion) {}
}
