package io.finrelay.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.exception.OperatorAction;
import io.finrelay.server.exceptions.ExceptionController;
import io.finrelay.server.workflow.WorkflowController;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The exception workbench: the queue filtered by status and reason code, one exception acted on from its
 * row, and many at once (the ticked ones, or every open one of a reason code) with a dry run first that
 * shows what the action would do to each, then the same selection applied. Every action is the API's
 * ({@link ExceptionController}): audited with the person as actor, under the role matrix.
 */
@Controller
public class ExceptionPages {
    private final ExceptionController exceptions;
    private final WorkflowController workflows;
    private final ConsolePages pages;
    private final io.finrelay.server.sla.SlaController slas;
    private final java.time.Clock clock;

    public ExceptionPages(ExceptionController exceptions, WorkflowController workflows, ConsolePages pages,
                          io.finrelay.server.sla.SlaController slas, java.time.Clock clock) {
        this.slas = slas;
        this.clock = clock;
        this.exceptions = exceptions;
        this.workflows = workflows;
        this.pages = pages;
    }

    @GetMapping("/ui/tenants/{tenantId}/exceptions")
    public String list(@PathVariable UUID tenantId, @RequestParam(defaultValue = "OPEN") String status,
                       @RequestParam(required = false) String code, @RequestParam(required = false) String owner,
                       @RequestParam(required = false) String olderThan, @RequestParam(required = false) String sla,
                       @RequestParam(required = false) UUID acted,
                       @RequestParam(required = false) String now, HttpServletRequest request, Model model) {
        if (acted != null && now != null && now.matches("[A-Z]{1,20}")) {
            model.addAttribute("acted", acted);
            model.addAttribute("actedNow", now);
        }
        String shown = status.isBlank() || status.equalsIgnoreCase("ALL") ? null : status;
        model.addAttribute("tenantId", tenantId);
        model.addAttribute("status", shown == null ? "ALL" : shown.toUpperCase(Locale.ROOT));
        model.addAttribute("code", code);
        model.addAttribute("owner", owner);
        model.addAttribute("olderThan", olderThan);
        String slaShown = sla == null || sla.isBlank() ? null : sla.strip();
        model.addAttribute("sla", slaShown);
        List<ExceptionController.ExceptionView> listed = exceptions.list(tenantId, shown, null, code,
                owner == null || owner.isBlank() ? null : owner.strip(), olderThan, slaShown, 200);
        List<java.util.Map<String, Object>> rows = pages.views(listed, request);
        // Each open exception's deadline and where it stands against the tenant's SLA (none without a policy).
        io.finrelay.server.sla.SlaPolicy policy = slas.slaPolicy(tenantId);
        java.time.Instant at = clock.instant();
        for (int i = 0; i < rows.size(); i++) {
            ExceptionController.ExceptionView x = listed.get(i);
            boolean open = "OPEN".equals(x.status());
            rows.get(i).put("slaDue", open ? policy.deadline(x.code(), x.createdAt()) : null);
            rows.get(i).put("slaStanding", open ? policy.standing(x.code(), x.createdAt(), at) : null);
        }
        model.addAttribute("slaSet", policy.isSet());
        model.addAttribute("exceptions", rows);
        return "ui/exceptions";
    }

    /** One exception: its reason and business context, who owns it, what was noted and done on it, and the actions. */
    @GetMapping("/ui/tenants/{tenantId}/exceptions/{exceptionId}")
    public String one(@PathVariable UUID tenantId, @PathVariable UUID exceptionId, HttpServletRequest request, Model model) {
        ExceptionController.ExceptionView exception = exceptions.get(tenantId, exceptionId);
        List<java.util.Map<String, Object>> history = new java.util.ArrayList<>();
        if (exception.instanceId() != null) {
            for (WorkflowController.TimelineEntry e : workflows.instance(tenantId, exception.instanceId()).timeline()) {
                if (e.detail() != null && exceptionId.toString().equals(e.detail().path("exception").asText())) {
                    history.add(pages.view(e, request));
                }
            }
        }
        model.addAttribute("tenantId", tenantId);
        model.addAttribute("x", pages.view(exception, request));
        model.addAttribute("history", history);
        return "ui/exception";
    }

    /** Notes on an exception: its owner, a comment, the root cause. */
    @PostMapping("/ui/tenants/{tenantId}/exceptions/{exceptionId}/notes")
    public String note(@PathVariable UUID tenantId, @PathVariable UUID exceptionId,
                       @RequestParam(required = false) String owner, @RequestParam(required = false) String comment,
                       @RequestParam(required = false) String rootCause, HttpServletRequest request) {
        exceptions.note(tenantId, exceptionId, new ExceptionController.NoteRequest(owner, blank(comment), blank(rootCause)),
                request);
        return "redirect:/ui/tenants/" + tenantId + "/exceptions/" + exceptionId;
    }

    @PostMapping("/ui/tenants/{tenantId}/exceptions/{exceptionId}/{action:retry|replay|resolve|cancel}")
    public String act(@PathVariable UUID tenantId, @PathVariable UUID exceptionId, @PathVariable String action,
                      @RequestParam(required = false) String note, HttpServletRequest request) {
        ResponseEntity<JsonNode> answer = exceptions.act(tenantId, exceptionId, action,
                new ExceptionController.ActionRequest(blank(note)), request);
        JsonNode after = answer.getBody();
        // Said on the next page from ids and a status (no session keeps a message; nothing free-text travels in the URL).
        return "redirect:/ui/tenants/" + tenantId + "/exceptions?acted=" + exceptionId + "&now="
                + (after == null ? "" : after.path("status").asText());
    }

    /** An action from the exception's own page (retry, replay, resolve, cancel), back to that page. */
    @PostMapping("/ui/tenants/{tenantId}/exceptions/{exceptionId}/act")
    public String actFromPage(@PathVariable UUID tenantId, @PathVariable UUID exceptionId, @RequestParam String action,
                              @RequestParam(required = false) String note, HttpServletRequest request) {
        String verb = verb(action);
        exceptions.act(tenantId, exceptionId, verb, new ExceptionController.ActionRequest(blank(note)), request);
        return "redirect:/ui/tenants/" + tenantId + "/exceptions/" + exceptionId;
    }

    /** A bulk action: {@code mode=dry-run} shows what would happen; {@code mode=apply} does it. */
    @PostMapping("/ui/tenants/{tenantId}/exceptions/bulk")
    public String bulk(@PathVariable UUID tenantId, @RequestParam String action,
                       @RequestParam(required = false) List<UUID> ids, @RequestParam(required = false) String code,
                       @RequestParam(defaultValue = "dry-run") String mode, @RequestParam(required = false) String note,
                       HttpServletRequest request, Model model) {
        String verb = verb(action);
        boolean dryRun = !"apply".equals(mode);
        ExceptionController.BulkRequest body = new ExceptionController.BulkRequest(ids == null ? List.of() : ids,
                blank(code), null, dryRun, blank(note));
        JsonNode result = exceptions.bulk(tenantId, verb, body, request).getBody();
        model.addAttribute("tenantId", tenantId);
        model.addAttribute("result", pages.view(result, request));
        model.addAttribute("ids", ids == null ? List.of() : ids);
        model.addAttribute("code", blank(code));
        model.addAttribute("note", blank(note));
        return "ui/bulk";
    }

    /** An operator's action as the API's path names it ({@code retry}), or a 400 naming the ones there are. */
    private static String verb(String action) {
        return java.util.Arrays.stream(OperatorAction.values()).map(a -> a.name().toLowerCase(Locale.ROOT))
                .filter(a -> a.equalsIgnoreCase(action)).findFirst()
                .orElseThrow(() -> io.finrelay.server.web.ApiProblem.invalid("action", action,
                        "must be one of " + java.util.Arrays.toString(OperatorAction.values()).toLowerCase(Locale.ROOT)));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
