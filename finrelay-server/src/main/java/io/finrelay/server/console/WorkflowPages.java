package io.finrelay.server.console;

import io.finrelay.server.exceptions.ExceptionController;
import io.finrelay.server.workflow.WorkflowController;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Workflows: the search (a business key or a correlation id in one box, the type, the state; pages of
 * {@value #PAGE}, newest first) and one instance with its timeline across systems and its exceptions.
 * Everything is read through the API's controllers.
 */
@Controller
public class WorkflowPages {
    static final int PAGE = 50;

    private final WorkflowController workflows;
    private final ExceptionController exceptions;
    private final ConsolePages pages;

    public WorkflowPages(WorkflowController workflows, ExceptionController exceptions, ConsolePages pages) {
        this.workflows = workflows;
        this.exceptions = exceptions;
        this.pages = pages;
    }

    @GetMapping("/ui/tenants/{tenantId}/workflows")
    public String search(@PathVariable UUID tenantId, @RequestParam(required = false) String q,
                         @RequestParam(required = false) String type, @RequestParam(required = false) String state,
                         @RequestParam(required = false) UUID before,
                         @RequestParam(required = false) java.time.LocalDate from,
                         @RequestParam(required = false) java.time.LocalDate to, HttpServletRequest request, Model model) {
        List<WorkflowController.InstanceSummary> found;
        String key = q == null || q.isBlank() ? null : q.strip();
        if (key == null) {
            found = workflows.instances(tenantId, type, state, null, null, before, from, to, PAGE + 1);
        } else {
            // One box for both: a business key (the report's or invoice's number) or a correlation id.
            Map<UUID, WorkflowController.InstanceSummary> both = new LinkedHashMap<>();
            workflows.instances(tenantId, type, state, key, null, before, from, to, PAGE + 1).forEach(i -> both.put(i.id(), i));
            workflows.instances(tenantId, type, state, null, key, before, from, to, PAGE + 1).forEach(i -> both.put(i.id(), i));
            found = new ArrayList<>(both.values());
            found.sort((a, b) -> b.id().compareTo(a.id()));
        }
        boolean more = found.size() > PAGE;
        List<WorkflowController.InstanceSummary> page = more ? found.subList(0, PAGE) : found;
        model.addAttribute("tenantId", tenantId);
        model.addAttribute("q", key);
        model.addAttribute("type", type);
        model.addAttribute("state", state);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("instances", pages.views(page, request));
        model.addAttribute("next", more ? page.getLast().id() : null);
        return "ui/workflows";
    }

    @GetMapping("/ui/tenants/{tenantId}/workflows/{instanceId}")
    public String instance(@PathVariable UUID tenantId, @PathVariable UUID instanceId, HttpServletRequest request,
                           Model model) {
        WorkflowController.InstanceDetail detail = workflows.instance(tenantId, instanceId);
        model.addAttribute("tenantId", tenantId);
        model.addAttribute("instance", pages.view(detail, request));
        model.addAttribute("stateJson", pages.pretty(detail.stateData(), request));
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (WorkflowController.TimelineEntry e : detail.timeline()) {
            Map<String, Object> row = pages.view(e, request);
            row.put("references", TimelineReferences.of(pages.tree(e.detail(), request)));
            row.put("detailJson", pages.pretty(e.detail(), request));
            timeline.add(row);
        }
        model.addAttribute("timeline", timeline);
        model.addAttribute("exceptions", pages.views(exceptions.list(tenantId, null, instanceId, null, null, null, 50), request));
        return "ui/workflow";
    }
}
