package io.finrelay.server.expense;

import io.finrelay.engine.db.Database;
import io.finrelay.engine.exception.ExceptionRecord;
import io.finrelay.engine.exception.ExceptionStore;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.id.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The bank rejects or cancels a payment whose report has already ended (reimbursed): no workflow takes
 * it any more, so it opens an exception ({@code late-bank-status}) with what the bank said, never a
 * silent 200. One exception per delivery (its id derives from the webhook id), so the sender's retry
 * finds the same one.
 */
@Component
public class LateBankStatuses {
    private static final Logger log = LoggerFactory.getLogger(LateBankStatuses.class);

    /** What the bank said. */
    public record Status(String reportId, String code, String reasonCode, String obligationId, String bankReference) {}

    private final Database db;
    private final Clock clock;

    public LateBankStatuses(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Opens the exception for a status the ended instance refused; answers its id. */
    public UUID open(TenantId tenant, Status status, Receipt.Rejected ended, String webhookId, String correlation) {
        UUID id = idOf(tenant, webhookId);
        Map<String, String> context = new LinkedHashMap<>();
        context.put("reportId", status.reportId());
        context.put("status", status.code());
        context.put("reasonCode", String.valueOf(status.reasonCode()));
        context.put("obligationId", String.valueOf(status.obligationId()));
        context.put("bankReference", String.valueOf(status.bankReference()));
        context.put("workflowState", ended.state());
        Instant now = clock.instant();
        String reason = "the bank reports " + status.code() + (status.reasonCode() == null ? "" : " " + status.reasonCode())
                + " for payment " + status.obligationId() + " of report " + status.reportId() + ", which has already "
                + "ended as " + ended.state() + ": check with the bank and the employee whether the money arrived, then "
                + "resolve this";
        db.inTenant(tenant, c -> {
            new ExceptionStore().insert(c, List.of(new ExceptionRecord(tenant, id, ended.instanceId(), null,
                    ExceptionRecord.Kind.INCIDENT, "late-bank-status", reason, context, ExceptionRecord.Status.OPEN, null,
                    correlation, now, now)));
            return null;
        });
        log.warn("tenant {}: {}", tenant, reason);
        return id;
    }

    /** The exception's id for one webhook delivery. */
    public static UUID idOf(TenantId tenant, String webhookId) {
        return UUID.nameUUIDFromBytes(("late-bank-status/" + tenant + "/" + webhookId).getBytes(StandardCharsets.UTF_8));
    }
}
