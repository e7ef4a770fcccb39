package io.finrelay.engine.exception;

import io.finrelay.model.bank.IbanMasker;
import io.finrelay.model.id.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An entry of the exception queue: a command whose retry budget is spent or that failed for good
 * ({@link Kind#COMMAND}), or a business problem a workflow raised ({@link Kind#INCIDENT}), with the
 * business context an operator needs to act on it.
 */
public record ExceptionRecord(TenantId tenantId, UUID id, UUID instanceId, UUID commandId, Kind kind, String code,
                              String reason, Map<String, String> context, Status status, String owner,
                              String correlationId, Instant createdAt, Instant updatedAt) {

    public enum Kind { COMMAND, INCIDENT }

    /** OPEN until an operator acts; each action leaves it in the status of that action. */
    public enum Status { OPEN, RETRIED, REPLAYED, RESOLVED, CANCELLED }

    public ExceptionRecord {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(code, "code");
        // Reasons and context come from peers and workflows and are shown to operators: an account
        // number in them is masked before it is stored, wherever the exception was raised.
        reason = IbanMasker.mask(Objects.requireNonNull(reason, "reason"));
        context = context.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> IbanMasker.mask(e.getValue())));
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(correlationId, "correlationId");
    }
}
