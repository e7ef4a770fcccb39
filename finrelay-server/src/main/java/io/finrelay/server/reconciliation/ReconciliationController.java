package io.finrelay.server.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.server.governance.Duties;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.workflows.reconciliation.ReconciliationMatch;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reconciliation runs, their matches, a person's word on a suggestion, and the tenant's rules and settings. */
@RestController
public class ReconciliationController {
    private static final Set<String> MATCH_STATUSES = Set.of("AUTO", "SUGGESTED", "CONFIRMED", "REJECTED", "RETURNED");

    public record RunView(UUID id, String trigger, String state, int linesConsidered, int matched, int suggested,
                          int ruleHits, int returns, int resumed, String message, Instant startedAt, Instant finishedAt) {
        static RunView of(ReconciliationStore.RunRow r) {
            return new RunView(r.id(), r.trigger(), r.state(), r.linesConsidered(), r.matched(), r.suggested(),
                    r.ruleHits(), r.returns(), r.resumed(), r.message(), r.startedAt(), r.finishedAt());
        }
    }

    public record LineView(String bankFileId, int entryNumber, int transactionNumber, String amount, String currency) {}

    public record DifferenceView(String amount, String currency, String kind) {}

    public record MatchView(UUID id, String status, List<LineView> lines, List<String> openItems, BigDecimal score,
                            JsonNode reasons, DifferenceView difference, String decidedBy,
                            @Schema(description = "false while its run is still handing the match to its workflow: until "
                                    + "then a decision answers 409 match-not-ready") boolean handedOver) {
        static MatchView of(ReconciliationStore.MatchRow m) {
            return new MatchView(m.id(), m.status(), m.lines().stream().map(l -> new LineView(l.bankFileId(),
                    l.entryNumber(), l.transactionNumber(), l.amount().toPlainString(), l.currency())).toList(),
                    m.items().stream().map(ReconciliationMatch.ItemRef::id).toList(), m.score(), m.reasons(),
                    new DifferenceView(m.differenceAmount().toPlainString(), m.differenceCurrency(), m.differenceKind()),
                    m.decidedBy(), m.instanceSubmitted());
        }
    }

    public record MatchPage(List<MatchView> items, String next) {}

    public record Unmatched(String side, List<JsonNode> items) {}

    /** A person's note on a decision. */
    public record DecisionRequest(@Schema(example = "paid twice by the customer; refund under way") String note) {}

    /** Who confirms a match: a person, named when a machine key calls (a person's login confirms as themselves). */
    public record ConfirmRequest(@Schema(example = "a.weber@acme-logistik.de") String confirmedBy) {}

    private final Access access;
    private final ReconciliationRuns runs;
    private final ReconciliationQueries queries;
    private final MatchDecisions decisions;
    private final ObjectMapper json;

    ReconciliationController(Access access, ReconciliationRuns runs, ReconciliationQueries queries,
                             MatchDecisions decisions, ObjectMapper json) {
        this.access = access;
        this.runs = runs;
        this.queries = queries;
        this.decisions = decisions;
        this.json = json;
    }

    /** Runs the reconciliation now over everything open (or resumes a run a stopped process left); 409 while one runs. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The run, ended", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @PostMapping("/v1/tenants/{tenantId}/reconciliation/runs")
    public RunView run(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.SUBMIT_EVENTS);
        try {
            return RunView.of(runs.run(scope, "api:" + scope.principal().actor(), false));
        } catch (ReconciliationRuns.Busy busy) {
            throw ApiProblem.conflict("run-in-progress", busy.getMessage());
        }
    }

    /** One reconciliation run: its state and progress counts. */
    @GetMapping("/v1/tenants/{tenantId}/reconciliation/runs/{runId}")
    public RunView runStatus(@PathVariable UUID tenantId, @PathVariable UUID runId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        return queries.run(scope, runId).map(RunView::of)
                .orElseThrow(() -> ApiProblem.notFound("run " + runId));
    }

    /** Lists reconciliation matches by status or bank file, with their score, reasons and difference. */
    @GetMapping("/v1/tenants/{tenantId}/reconciliation/matches")
    public MatchPage matches(@PathVariable UUID tenantId, @RequestParam(required = false) String status,
                             @RequestParam(required = false) UUID bankFile, @RequestParam(required = false) UUID cursor,
                             @RequestParam(defaultValue = "100") int limit) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        if (status != null && !MATCH_STATUSES.contains(status)) {
            throw ApiProblem.invalid("status", status, "must be one of " + MATCH_STATUSES);
        }
        if (limit < 1 || limit > 500) {
            throw ApiProblem.invalid("limit", limit, "must lie in [1, 500]");
        }
        List<ReconciliationStore.MatchRow> rows = queries.matches(scope, status, bankFile, cursor, limit + 1);
        String next = rows.size() > limit ? rows.get(limit - 1).id().toString() : null;
        return new MatchPage(rows.stream().limit(limit).map(MatchView::of).toList(), next);
    }

    /**
     * Confirms a suggested match: its clearing is sent to the ERP once. Who confirms is the person who
     * logged in, or the person a machine key names in {@code confirmedBy} (as for releases); 403 for the
     * person who released the item's payment.
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The match, confirmed", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = @Content(
            schema = @Schema(implementation = ConfirmRequest.class)))
    @PostMapping("/v1/tenants/{tenantId}/reconciliation/matches/{matchId}/confirm")
    public MatchView confirm(@PathVariable UUID tenantId, @PathVariable UUID matchId,
                             @RequestBody(required = false) JsonNode body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.RECONCILE);
        String person = Duties.person(scope, body, "confirmedBy", true);
        return MatchView.of(decisions.confirm(scope, matchId, person, Correlation.of(request)));
    }

    /** Rejects a suggested match: its pairs are never proposed again, its lines and items are open again. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The match, rejected", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @PostMapping("/v1/tenants/{tenantId}/reconciliation/matches/{matchId}/reject")
    public MatchView reject(@PathVariable UUID tenantId, @PathVariable UUID matchId,
                            @RequestBody(required = false) DecisionRequest body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.RECONCILE);
        String note = body == null ? null : body.note();
        if (note != null && note.length() > 2000) {
            throw ApiProblem.invalid("note", null, "must be at most 2000 characters");
        }
        return MatchView.of(decisions.reject(scope, matchId, note, Correlation.of(request)));
    }

    /** What is left: lines no run has dealt with, or items still open (side=lines|items). */
    @GetMapping("/v1/tenants/{tenantId}/reconciliation/unmatched")
    public Unmatched unmatched(@PathVariable UUID tenantId, @RequestParam(defaultValue = "lines") String side,
                               @RequestParam(defaultValue = "100") int limit) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        if (limit < 1 || limit > 500) {
            throw ApiProblem.invalid("limit", limit, "must lie in [1, 500]");
        }
        return switch (side) {
            case "lines" -> new Unmatched(side, queries.unmatchedLines(scope, limit));
            case "items" -> new Unmatched(side, queries.matchableItems(scope).stream()
                    .limit(limit).map(r -> json.<JsonNode>valueToTree(OpenItemController.OpenItemView.of(r))).toList());
            default -> throw ApiProblem.invalid("side", side, "must be lines or items");
        };
    }

    /** The tenant's reconciliation rules, in the order they are tried. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The rules, in order",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = TenantRules.RuleInput.class))))
    @GetMapping("/v1/tenants/{tenantId}/reconciliation/rules")
    public JsonNode rules(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_MASTER_DATA);
        return queries.config(scope).rules();
    }

    /** Replaces the tenant's rules (an ordered list, tried in order); audited. */
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = TenantRules.RuleInput.class), maxItems = 200)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The rules, as saved",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = TenantRules.RuleInput.class))))
    @PutMapping("/v1/tenants/{tenantId}/reconciliation/rules")
    public JsonNode putRules(@PathVariable UUID tenantId, @RequestBody(required = false) JsonNode body,
                             HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.WRITE_MASTER_DATA);
        JsonNode rules = json.valueToTree(TenantRules.parse(body, json));
        queries.saveRules(scope, rules, Correlation.of(request));
        return rules;
    }

    /** The tenant's reconciliation settings. */
    @GetMapping("/v1/tenants/{tenantId}/reconciliation/settings")
    public TenantSettings settings(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_MASTER_DATA);
        return TenantSettings.of(queries.config(scope).settings(), json);
    }

    /** Replaces the tenant's settings (threshold, margin, tolerances, fee and FX accounts); audited. */
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            schema = @Schema(implementation = TenantSettings.class)))
    @PutMapping("/v1/tenants/{tenantId}/reconciliation/settings")
    public TenantSettings putSettings(@PathVariable UUID tenantId, @RequestBody(required = false) JsonNode body,
                                      HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.WRITE_MASTER_DATA);
        TenantSettings settings = TenantSettings.parse(body, json);
        JsonNode after = json.valueToTree(settings);
        queries.saveSettings(scope, after, Correlation.of(request));
        return settings;
    }
}
