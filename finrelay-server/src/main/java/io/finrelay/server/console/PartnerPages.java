package io.finrelay.server.console;

import io.finrelay.server.bank.CashPositionController;
import io.finrelay.server.bank.CashPositions;
import io.finrelay.server.exceptions.ExceptionController;
import io.finrelay.server.tenancy.PartnerController;
import io.finrelay.server.tenancy.TenantController;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The partner overview: every tenant of the partner with its health at a glance (open exceptions and the
 * oldest one's age, how old its newest bank balance is). Read through the API's controllers, as the
 * partner's administrator.
 */
@Controller
public class PartnerPages {
    /** One tenant's row. */
    public record TenantHealth(UUID id, String name, String status, String openExceptions, String oldestException,
                               String newestStatement) {}

    private final PartnerController partners;
    private final ExceptionController exceptions;
    private final CashPositionController positions;
    private final Clock clock;

    public PartnerPages(PartnerController partners, ExceptionController exceptions, CashPositionController positions,
                        Clock clock) {
        this.partners = partners;
        this.exceptions = exceptions;
        this.positions = positions;
        this.clock = clock;
    }

    @GetMapping("/ui/partners/{partnerId}")
    public String overview(@PathVariable UUID partnerId, Model model) {
        Instant now = clock.instant();
        List<TenantHealth> rows = new ArrayList<>();
        for (TenantController.TenantView t : partners.tenants(partnerId).items()) {
            List<ExceptionController.ExceptionView> open = exceptions.list(t.id(), "OPEN", null, null, null, null, 500);
            String oldest = open.isEmpty() ? null : TenantPages.age(Duration.between(open.getLast().createdAt(), now)) + " old";
            String newest = positions.list(t.id()).items().stream().map(CashPositions.CashPosition::asOf)
                    .max(Comparator.naturalOrder()).map(at -> TenantPages.age(Duration.between(at, now)) + " old")
                    .orElse(null);
            rows.add(new TenantHealth(t.id(), t.name(), t.status(), open.size() >= 500 ? "500+" : String.valueOf(open.size()),
                    oldest, newest));
        }
        model.addAttribute("tenants", rows);
        return "ui/partner";
    }
}
