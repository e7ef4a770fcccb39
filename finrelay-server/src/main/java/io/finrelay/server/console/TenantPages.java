package io.finrelay.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.server.bank.CashForecastController;
import io.finrelay.server.bank.CashPositionController;
import io.finrelay.server.exceptions.ExceptionController;
import io.finrelay.server.tenancy.TenantController;
import io.finrelay.server.workflow.WorkflowController;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A tenant's overview: open exceptions with the oldest one's age, the latest workflows, where the cash is
 * (each house account's position and its age) and where it will be (the 13-week forecast as a chart,
 * one line per legal entity and currency). Read through the API's controllers.
 */
@Controller
public class TenantPages {
    private final TenantController tenants;
    private final ExceptionController exceptions;
    private final WorkflowController workflows;
    private final CashPositionController positions;
    private final CashForecastController forecast;
    private final ConsolePages pages;
    private final ObjectMapper json;
    private final java.time.Clock clock;

    public TenantPages(TenantController tenants, ExceptionController exceptions, WorkflowController workflows,
                       CashPositionController positions, CashForecastController forecast, ConsolePages pages,
                       ObjectMapper json, java.time.Clock clock) {
        this.tenants = tenants;
        this.exceptions = exceptions;
        this.workflows = workflows;
        this.positions = positions;
        this.forecast = forecast;
        this.pages = pages;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/ui/tenants/{tenantId}")
    public String overview(@PathVariable UUID tenantId, HttpServletRequest request, Model model) {
        TenantController.TenantView tenant = tenants.get(tenantId);
        List<ExceptionController.ExceptionView> open = exceptions.list(tenantId, "OPEN", null, null, null, null, 500);
        Instant now = clock.instant();
        model.addAttribute("tenantId", tenantId);
        model.addAttribute("tenant", pages.view(tenant, request));
        model.addAttribute("openExceptions", open.size() >= 500 ? "500 or more" : String.valueOf(open.size()));
        model.addAttribute("oldestException", open.isEmpty() ? null
                : age(Duration.between(open.getLast().createdAt(), now)));
        model.addAttribute("latest", pages.views(workflows.instances(tenantId, null, null, null, null, null, null, null, 10), request));
        model.addAttribute("positions", pages.views(positions.list(tenantId).items(), request));
        CashForecastController.ForecastView ahead = forecast.forecast(tenantId, null, null, 91, null);
        model.addAttribute("forecastChart", chart(ahead));
        model.addAttribute("forecastSeries", ahead.series().size());
        return "ui/tenant";
    }

    /**
     * The forecast as the chart's data, written into a {@code data-} attribute and drawn by
     * {@code console.js} (the page runs no inline script): the days, and one closing line per series.
     */
    private String chart(CashForecastController.ForecastView ahead) {
        Map<String, Object> data = new LinkedHashMap<>();
        List<String> days = ahead.series().isEmpty() ? List.of()
                : ahead.series().getFirst().days().stream().map(d -> d.date().toString()).toList();
        data.put("kind", "line");
        data.put("categories", days);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (CashForecastController.SeriesView s : ahead.series()) {
            lines.add(Map.of("name", s.legalEntity() + " (" + s.currency() + ")",
                    "values", s.days().stream().map(d -> d.closing().toPlainString()).toList()));
        }
        data.put("series", lines);
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String age(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + " d " + d.toHoursPart() + " h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return Math.max(0, d.toMinutes()) + " min";
    }
}
