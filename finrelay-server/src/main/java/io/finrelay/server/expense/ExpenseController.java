package io.finrelay.server.expense;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.connectors.sandbox.ConcurReports;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.InstanceView;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.server.governance.Duties;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.ApiPrincipal;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.AcceptsIdempotencyKey;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.CanonicalDocument;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.IdempotentRequests;
import io.finrelay.server.workflow.ReceiptResponses;
import io.finrelay.server.workflow.WorkflowController;
import io.finrelay.workflows.expense.ExpenseEvent;
import io.finrelay.workflows.expense.ExpenseReimbursement;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.governance.Refusal;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The expense API: a tenant's expense set-up (peers, policies, FX rates, release roles, mappings, a
 * master data fix), submitting approved reports, releasing payments, reviewing possible duplicates,
 * one report with its timeline, and the KPIs.
 */
@RestController
public class ExpenseController {
    private static final String BASE = "/v1/tenants/{tenantId}";

    private final Access access;
    private final ExpenseSettings settings;
    private final ExpenseSetup setup;
    private final ExpenseIngress ingress;
    private final ExpenseKpis kpis;
    private final WorkflowEngine engine;
    private final ReceiptResponses receipts;
    private final ObjectMapper json;
    private final Duties duties;
    private final ExpenseReports reports;
    private final Validator validator;
    private final Clock clock;

    public ExpenseController(Access access, ExpenseSettings settings, ExpenseSetup setup, ExpenseIngress ingress,
                             ExpenseKpis kpis, WorkflowEngine engine, ReceiptResponses receipts, ObjectMapper json,
                             Duties duties, Clock clock, ExpenseReports reports,
                             Validator validator) {
        this.validator = validator;
        this.reports = reports;
        this.duties = duties;
        this.clock = clock;
        this.access = access;
        this.settings = settings;
        this.setup = setup;
        this.ingress = ingress;
        this.kpis = kpis;
        this.engine = engine;
        this.receipts = receipts;
        this.json = json;
    }

    /**
     * The tenant's expense settings as saved, with where its expense platform and bank send their signed
     * webhooks and the secrets they sign with (answered here only: the answer is not cached).
     */
    public record SettingsView(
            @Schema(example = "https://api.expenses.example/v3") String expensePlatformUrl,
            @Schema(example = "https://erp.acme-logistik.de/api") String erpUrl,
            @Schema(example = "https://treasury.acme-logistik.de/api") String treasuryUrl,
            @Schema(example = "5000") int timeoutMillis,
            String expenseWebhookUrl, String expenseWebhookSecret, String bankWebhookUrl, String bankWebhookSecret) {}

    /** Sets the tenant's expense settings: the peers' URLs (checked against the address policy) and the timeout. */
    @PutMapping(BASE + "/expense/settings")
    public SettingsView putSettings(@PathVariable UUID tenantId, @RequestBody ExpenseRequests.ExpenseSettingsBody body,
                                    HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_CONNECTORS);
        ExpenseRequests.valid(validator, body);
        ExpenseSettings.Settings s = settings.save(scope, body.expensePlatformUrl(), body.erpUrl(), body.treasuryUrl(),
                body.timeoutOrDefault(), Correlation.of(request));
        return new SettingsView(s.expensePlatformUrl(), s.erpUrl(), s.treasuryUrl(), s.timeoutMillis(),
                "/v1/webhooks/" + tenantId + "/expense-platform", s.expenseWebhookSecret(),
                "/v1/webhooks/" + tenantId + "/bank", s.bankWebhookSecret());
    }

    /** The tenant's expense policies (payable and input-tax accounts, four-eyes threshold) per legal entity. */
    @GetMapping(BASE + "/expense/policies")
    public PolicyList policies(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_MASTER_DATA);
        return new PolicyList(setup.policies(scope.tenantId()));
    }

    /** The tenant's expense policies. */
    public record PolicyList(List<ExpenseSetup.Policy> items) {}

    /** The tenant's code mappings (cost centers, GL accounts, tax codes: the platform's code to the ERP's). */
    @GetMapping(BASE + "/expense/mappings")
    public MappingList mappings(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_MASTER_DATA);
        return new MappingList(setup.mappings(scope.tenantId()));
    }

    /** The tenant's code mappings. */
    public record MappingList(List<ExpenseSetup.Mapping> items) {}

    /** {@link #putPolicy} from a form (the console's settings page). */
    public void setPolicy(UUID tenantId, UUID legalEntityId, String payableAccount, String inputTaxAccount,
                          java.math.BigDecimal fourEyesThreshold, String cardClearingAccount, HttpServletRequest request) {
        putPolicy(tenantId, legalEntityId, new ExpenseRequests.ExpensePolicyBody(payableAccount, inputTaxAccount,
                fourEyesThreshold, cardClearingAccount == null || cardClearingAccount.isBlank() ? null
                        : cardClearingAccount.trim()), request);
    }

    /** {@link #putMapping} from a form (the console's settings page). */
    public void setMapping(UUID tenantId, String kind, String source, String target, HttpServletRequest request) {
        if (!List.of("cost-center", "gl-account", "tax-code").contains(kind)) {
            throw ApiProblem.invalid("kind", kind, "must be cost-center, gl-account or tax-code");
        }
        putMapping(tenantId, kind, source, new ExpenseRequests.CodeMappingBody(target), request);
    }

    /** Sets the expense policy of one of the tenant's legal entities. */
    @PutMapping(BASE + "/expense/policies/{legalEntityId}")
    public ExpenseRequests.ExpensePolicyBody putPolicy(@PathVariable UUID tenantId, @PathVariable UUID legalEntityId,
                                            @RequestBody ExpenseRequests.ExpensePolicyBody body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.WRITE_MASTER_DATA);
        ExpenseRequests.valid(validator, body);
        setup.policy(scope, legalEntityId, body.payableAccount(), body.inputTaxAccount(), body.fourEyesThreshold(),
                body.cardClearingAccount(), Correlation.of(request));
        return body;
    }

    /** Records an FX rate used to convert expenses. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created: the rate, recorded", useReturnTypeSchema = true)
    @PostMapping(BASE + "/fx-rates")
    public ResponseEntity<ExpenseRequests.FxRateBody> postRate(@PathVariable UUID tenantId,
                                                         @RequestBody ExpenseRequests.FxRateBody body,
                                                         HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.WRITE_MASTER_DATA);
        ExpenseRequests.valid(validator, body);
        setup.rate(scope, currency("base", body.base()), currency("quote", body.quote()), body.rateDate(), body.rate(),
                body.source(), Correlation.of(request));
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    /** Sets the expense roles of a person (the roles the duty rules and releases check). */
    @PutMapping(BASE + "/expense/roles/{person}")
    public ExpenseRequests.ExpenseRolesBody putRoles(@PathVariable UUID tenantId, @PathVariable String person,
                                          @RequestBody ExpenseRequests.ExpenseRolesBody body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_USERS);
        ExpenseRequests.valid(validator, body);
        setup.roles(scope, person, body.roles(), Correlation.of(request));
        return body;
    }

    /** Maps an expense platform's code to a cost center, GL account or tax code. */
    @PutMapping(BASE + "/expense/mappings/{kind:cost-center|gl-account|tax-code}/{source}")
    public ExpenseRequests.CodeMappingBody putMapping(@PathVariable UUID tenantId, @PathVariable String kind,
                                              @PathVariable String source, @RequestBody ExpenseRequests.CodeMappingBody body,
                                              HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_CONNECTORS);
        ExpenseRequests.valid(validator, body);
        setup.mapping(scope, kind, source, body.target(), Correlation.of(request));
        return body;
    }

    /** Re-activates an employee or re-opens a cost center, project or GL account (the fix after a validation exception). */
    @CanonicalDocument(value = {"employee", "cost-center", "project", "gl-account"}, request = false, response = "200")
    @PatchMapping(BASE + "/expense/master-data/{kind:employees|cost-centers|projects|gl-accounts}/{key}")
    public JsonNode patchMasterData(@PathVariable UUID tenantId, @PathVariable String kind, @PathVariable String key,
                                    @RequestBody ExpenseRequests.MasterDataFlagBody body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.WRITE_MASTER_DATA);
        ExpenseRequests.valid(validator, body);
        String field = kind.equals("employees") ? "active" : "open";
        Boolean value = kind.equals("employees") ? body.active() : body.open();
        if (value == null) {
            throw ApiProblem.invalid(field, null, "must be true or false");
        }
        return setup.setFlag(scope, kind, key, field, value, Correlation.of(request))
                .orElseThrow(() -> ApiProblem.notFound(kind + " " + key));
    }

    /** Submits an approved expense report to the expense-reimbursement workflow. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "Accepted: the workflow took the event (outcome accepted) or parked it in the exception queue (outcome parked); Location names the instance or the exception", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "The approved report as the expense platform "
            + "sends it (a Concur-style Expense Report v4; other fields are ignored)", required = true,
            content = @io.swagger.v3.oas.annotations.media.Content(schema = @Schema(
                    implementation = ConcurReports.ConcurReport.class)))
    @AcceptsIdempotencyKey
    @PostMapping(BASE + "/expense-reports")
    public ResponseEntity<ReceiptResponses.EventReceipt> submit(@PathVariable UUID tenantId, @RequestBody JsonNode report,
                                         HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.SUBMIT_EVENTS);
        String header = request.getHeader(IdempotentRequests.HEADER);
        String key = header != null ? header : "report:" + report.path("reportId").asText();
        Receipt receipt = ingress.submit(scope.tenantId(), report, new InboxKey(scope.tenantId(), IdempotentRequests.SOURCE,
                key), Correlation.of(request), scope.principal().actor());
        return receipts.respond(tenantId, receipt, false);
    }

    /**
     * Adds a release to a payment. The workflow reads the duty facts (the tenant's policy, the payee's last
     * bank-detail change and, for a person a machine key names, their release roles in the expense set-up)
     * and decides with {@link io.finrelay.workflows.governance.DutyPolicy}, in one transaction under the
     * instance's lock; a person who logged in releases with the roles of their login. A refusal is a 403
     * naming the rule, and is audited as {@code sod.refused}.
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "Accepted: the workflow took the event (outcome accepted) or parked it in the exception queue (outcome parked); Location names the instance or the exception", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @AcceptsIdempotencyKey
    @PostMapping(BASE + "/expense-reports/{reportId}/releases")
    public ResponseEntity<ReceiptResponses.EventReceipt> release(@PathVariable UUID tenantId, @PathVariable String reportId,
                                          @RequestBody ExpenseRequests.ReleaseBody body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.RELEASE_PAYMENT);
        ExpenseRequests.valid(validator, body);
        String person = Duties.person(scope, json.createObjectNode().put("releaser", body.releaser()), "releaser", false);
        boolean loggedIn = scope.principal().kind() == ApiPrincipal.Kind.USER;
        Actor actor = new Actor(person, loggedIn ? List.copyOf(scope.principal().roleNames()) : List.of());
        Receipt receipt = deliver(scope, reportId, ExpenseEvent.ReleaseRequested.asked(actor, !loggedIn, clock.instant()),
                request);
        if (receipt instanceof Receipt.Rejected rejected) {
            // The engine has audited the rejection (event.rejected) in the report's timeline; a duty
            // refusal is audited once more under its rule, so that refusals can be found by rule.
            Optional<Refusal> refusal = Refusal.parse(rejected.reason());
            refusal.ifPresent(r -> duties.refused(scope, r, actor, "expense-report " + reportId, rejected.instanceId(),
                    Correlation.of(request)));
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("state", rejected.state());
            properties.put("instanceId", rejected.instanceId());
            refusal.ifPresent(r -> properties.put("rule", r.rule()));
            throw new ApiProblem(HttpStatus.FORBIDDEN, "release-refused", "Release refused", rejected.reason(), properties);
        }
        return receipts.respond(tenantId, receipt, false);
    }

    /** {@link #release} by the calling person themselves (the console's button): no releaser is named for them. */
    public ResponseEntity<ReceiptResponses.EventReceipt> releaseAsCaller(UUID tenantId, String reportId,
                                                                        HttpServletRequest request) {
        return release(tenantId, reportId, new ExpenseRequests.ReleaseBody(null), request);
    }

    /** Decides on a report held as a possible duplicate. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "Accepted: the workflow took the event (outcome accepted) or parked it in the exception queue (outcome parked); Location names the instance or the exception", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @AcceptsIdempotencyKey
    @PostMapping(BASE + "/expense-reports/{reportId}/duplicate-review")
    public ResponseEntity<ReceiptResponses.EventReceipt> review(@PathVariable UUID tenantId, @PathVariable String reportId,
                                         @RequestBody ExpenseRequests.DuplicateReviewBody body,
                                         HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.ACT_ON_EXCEPTIONS);
        ExpenseRequests.valid(validator, body);
        Receipt receipt = deliver(scope, reportId, new ExpenseEvent.DuplicateReviewed(body.reviewer(), body.genuine(),
                body.note() == null ? "" : body.note()), request);
        return receipts.respond(tenantId, receipt, false);
    }

    /**
     * Delivers an event to a report, or answers 404 when Finrelay does not have it: the engine then answers
     * without an instance (it creates none for an event its first state refuses). The answer is the inbox's
     * under the request's Idempotency-Key, so a repeat of that request is a 404 too.
     */
    private Receipt deliver(TenantScope scope, String reportId, ExpenseEvent event, HttpServletRequest request) {
        String header = request.getHeader(IdempotentRequests.HEADER);
        String key = header != null ? header : UUID.randomUUID().toString();
        Receipt receipt = engine.submit(new InboundEvent(new InboxKey(scope.tenantId(), IdempotentRequests.SOURCE, key),
                ExpenseReimbursement.TYPE, reportId, new Input.Domain(event), Correlation.of(request),
                scope.principal().actor()));
        Receipt answer = receipt instanceof Receipt.Repeated repeated ? repeated.first() : receipt;
        if (answer instanceof Receipt.Rejected rejected && rejected.instanceId() == null) {
            throw ApiProblem.notFound("expense report " + reportId);
        }
        return receipt;
    }

    /** An expense report's reimbursement: its state, its steps and the peers' references. */
    @GetMapping(BASE + "/expense-reports/{reportId}")
    public ExpenseReportView report(@PathVariable UUID tenantId, @PathVariable String reportId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        InstanceView view = engine.instances().findByBusinessKey(scope.tenantId(), ExpenseReimbursement.TYPE, reportId)
                .orElseThrow(() -> ApiProblem.notFound("expense report " + reportId));
        return new ExpenseReportView(reportId, view.id(), view.state(), view.ended(), view.correlationId(),
                tree(view.stateJson()), engine.timeline(scope.tenantId(), view.id()).stream()
                        .map(e -> WorkflowController.TimelineEntry.of(e, json)).toList());
    }

    /** An expense report's reimbursement: its workflow's state and data, and its steps with the peers' references. */
    public record ExpenseReportView(
            @Schema(example = "EXP-2026-00417") String reportId, UUID instanceId,
            @Schema(example = "Reimbursed") String state, boolean ended, String correlationId,
            @Schema(description = "the workflow's state data (the claim, the journal, the payment)") JsonNode stateData,
            List<WorkflowController.TimelineEntry> timeline) {}

    /** A page of expense reports: whose, how much, in which state; filter by state (e.g. {@code AwaitingRelease}), the longest waiting first. */
    @GetMapping(BASE + "/expense-reports")
    public ExpenseReportList reports(@PathVariable UUID tenantId,
                                     @org.springframework.web.bind.annotation.RequestParam(required = false) String state,
                                     @org.springframework.web.bind.annotation.RequestParam(defaultValue = "100") int limit) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        String wanted = state == null || state.isBlank() ? null : state.strip();
        return new ExpenseReportList(reports.list(scope.tenantId(), wanted, Math.clamp(limit, 1, 500)));
    }

    /** Expense reports as a list shows them. */
    public record ExpenseReportList(List<ExpenseReports.Summary> items) {}

    /** Expense KPIs: reports by state, open exceptions by reason, reimbursement cycle time and posting latency (percentiles), posted and paid counts. */
    @GetMapping(BASE + "/expense/kpis")
    public ExpenseKpis.Kpis kpis(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        return kpis.read(scope.tenantId());
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored JSON could not be read", e);
        }
    }

    private static String currency(String field, String code) {
        try {
            return java.util.Currency.getInstance(code).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field, code, "is not an ISO 4217 currency");
        }
    }
}
