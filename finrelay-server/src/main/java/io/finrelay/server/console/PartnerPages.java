package io.finrelay.server.console;

import io.finrelay.server.kpi.ExceptionAges;
import io.finrelay.server.kpi.KpiController;
import io.finrelay.server.kpi.PartnerHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The partner overview: every tenant of the partner with its health at a glance (the commands waiting and
 * the oldest one's age, the oldest workflow item not ended yet, the open exceptions by age, the connectors'
 * breakers, when the last bank statement arrived), from ONE call of {@code GET /v1/partners/{p}/health} as
 * the partner's administrator, however many tenants the partner has.
 */
@Controller
public class PartnerPages {
    /** One tenant's row, as the page shows it. */
    public record TenantHealth(UUID id, String name, String status, long waiting, String oldestCommand,
                               String oldestWaiting, long openExceptions, String exceptionAges, long overAWeek,
                               List<PartnerHealth.Breaker> breakers, boolean breakerOpen, String lastStatement,
                               io.finrelay.server.sla.Slas.Figures sla) {}

    private final KpiController health;

    public PartnerPages(KpiController health) {
        this.health = health;
    }

    @GetMapping("/ui/partners/{partnerId}")
    public String overview(@PathVariable UUID partnerId, Model model) {
        KpiController.HealthView view = health.health(partnerId);
        Instant now = view.asOf();
        List<TenantHealth> rows = new ArrayList<>();
        for (PartnerHealth.TenantHealth t : view.tenants()) {
            PartnerHealth.Backlog backlog = t.backlog();
            PartnerHealth.Waiting waiting = t.oldestWaiting();
            List<ExceptionAges.Bucket> ages = t.exceptions().byAge();
            rows.add(new TenantHealth(t.tenantId(), t.name(), t.status(), backlog.waiting(),
                    backlog.oldestSince() == null ? null : age(backlog.oldestSince(), now),
                    waiting == null ? null : waiting.workflowType() + " " + waiting.businessKey() + " in " + waiting.state()
                            + ", began " + age(waiting.began(), now),
                    t.exceptions().open(), ages.stream().filter(b -> b.count() > 0).map(b -> b.count() + " " + b.age())
                            .collect(Collectors.joining(", ")), ages.getLast().count(), t.breakers(),
                    t.breakers().stream().anyMatch(b -> !b.state().equals("CLOSED")),
                    t.lastStatementAt() == null ? null : age(t.lastStatementAt(), now), t.sla()));
        }
        model.addAttribute("tenants", rows);
        return "ui/partner";
    }

    private static String age(Instant since, Instant now) {
        return TenantPages.age(Duration.between(since, now)) + " ago";
    }
}
