package io.finrelay.server.expense;

import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The polling fallback's settings and state (issue 14): whether the tenant's expense platform is polled and
 * how often, where its cursor stands, what the last poll did; and a poll run at once.
 */
@RestController
public class ExpensePollingController {
    private static final String BASE = "/v1/tenants/{tenantId}/expense/polling";

    private final Access access;
    private final ExpensePolling polling;
    private final Validator validator;

    public ExpensePollingController(Access access, ExpensePolling polling, Validator validator) {
        this.access = access;
        this.polling = polling;
        this.validator = validator;
    }

    /** The tenant's polling: off with a five-minute interval until set. */
    public record PollingView(boolean enabled, int everySeconds, Instant cursor, Instant lastPolledAt, String lastResult) {
        static PollingView of(ExpensePolling.Setting s) {
            return new PollingView(s.enabled(), s.everySeconds(), s.cursor(), s.lastPolledAt(), s.lastResult());
        }
    }

    /** What one poll did: reports listed, taken in, already known (by webhook or an earlier poll), refused. */
    public record PollView(int listed, int takenIn, int alreadyKnown, List<String> refused, Instant cursor, String failure) {}

    /** The tenant's polling of its expense platform: on or off, how often, the cursor and the last poll's outcome. */
    @GetMapping(BASE)
    public PollingView get(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        return polling.find(scope.tenantId()).map(PollingView::of)
                .orElse(new PollingView(false, 300, null, null, null));
    }

    /** Turns polling of the tenant's expense platform on or off and sets how often (10 s to a day); the cursor stays. */
    @PutMapping(BASE)
    public PollingView put(@PathVariable UUID tenantId, @RequestBody ExpenseRequests.PollingBody body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_CONNECTORS);
        ExpenseRequests.valid(validator, body);
        return PollingView.of(polling.save(scope, body.enabled(), body.everySecondsOrDefault(), Correlation.of(request)));
    }

    /** Polls the tenant's expense platform now, whatever the interval (also when polling is off). */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "What the poll did", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @PostMapping(BASE + "/run")
    public PollView run(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_CONNECTORS);
        if (polling.find(scope.tenantId()).isEmpty()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "polling-not-set-up", "Polling not set up",
                    "set the tenant's polling first (PUT " + BASE.replace("{tenantId}", tenantId.toString()) + ")");
        }
        ExpensePolling.Outcome outcome = polling.poll(scope.tenantId());
        if (!outcome.ran()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "poll-in-progress", "Poll in progress",
                    "the tenant's expense platform is being polled now; ask again when it has finished");
        }
        return new PollView(outcome.listed(), outcome.taken(), outcome.alreadyKnown(), outcome.refused(), outcome.cursor(),
                outcome.failure());
    }
}
