package io.finrelay.connectors.erp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.workflows.expense.ExpenseCommands;
import io.finrelay.workflows.port.ClearedPayable;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import io.finrelay.workflows.port.ErpPort;
import io.finrelay.workflows.port.JournalPosting;
import io.finrelay.workflows.port.PayableClearing;
import io.finrelay.workflows.port.PostResult;
import io.finrelay.workflows.port.PostedJournal;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The engine's outbox {@link Connector} for the ledger commands of the expense and card workflows
 * ({@link ExpenseCommands#ERP}), in front of any tenant's {@link ErpPort} (Tryton, the simulated ERP).
 * {@link ExpenseCommands#POST_JOURNAL}: the payload is the {@link JournalEntry} (read back by the command
 * type's codec), posted with the command id as its external reference. {@link ExpenseCommands#CLEAR_PAYABLE}:
 * the expense workflow's paid payable (journal reference, amount, currency, payment reference), cleared by
 * {@link ErpPort#clearPayable}, which finds an earlier clearing of the same command id itself; so a lookup
 * simply clears again.
 *
 * <p>The dispatcher calls {@link #deliver} once per command, many in parallel. Calls for the same
 * tenant are coalesced by a {@link MicroBatcher} into batch postings of up to {@code maxBatch}
 * entries: one create and one post call to Tryton for twenty entries instead of forty calls.
 *
 * <p>An ERP without idempotency keys cannot dedupe a resend. So a lost answer is reported as
 * {@link Delivery.Unknown}, and the dispatcher calls {@link #lookup} before sending the command
 * again: it finds the entry by its command id, and only a "not found" lets the command be resent.
 */
public final class JournalOutboxConnector implements Connector, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<TenantId, Optional<ErpPort>> ports;
    private final int maxBatch;
    private final Duration linger;
    private final int inFlight;
    private final Clock clock;
    private final Map<TenantId, MicroBatcher<JournalPosting, PostResult>> batchers = new ConcurrentHashMap<>();

    /**
     * @param ports    the ERP of each tenant (empty: the tenant has none configured)
     * @param maxBatch entries per batch posting (20 suits Tryton)
     * @param linger   how long a batch waits for more entries once it has one (a few ms)
     */
    public JournalOutboxConnector(Function<TenantId, Optional<ErpPort>> ports, int maxBatch, Duration linger) {
        this(ports, maxBatch, linger, 1, Clock.systemUTC());
    }

    /** As above, with {@code inFlight} batches per tenant allowed at once (see {@link MicroBatcher}). */
    public JournalOutboxConnector(Function<TenantId, Optional<ErpPort>> ports, int maxBatch, Duration linger,
                                  int inFlight) {
        this(ports, maxBatch, linger, inFlight, Clock.systemUTC());
    }

    /** As above; {@code clock} dates the clearings (the day the settlement is booked). */
    public JournalOutboxConnector(Function<TenantId, Optional<ErpPort>> ports, int maxBatch, Duration linger,
                                  int inFlight, Clock clock) {
        this.clock = clock;
        this.ports = ports;
        this.maxBatch = maxBatch;
        this.linger = linger;
        this.inFlight = inFlight;
    }

    @Override
    public String name() {
        return ExpenseCommands.ERP;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        if (!command.is(ExpenseCommands.POST_JOURNAL) && !command.is(ExpenseCommands.CLEAR_PAYABLE)) {
            return new Delivery.Permanent("connector " + name() + " does not know command type '" + command.type() + "'");
        }
        Optional<ErpPort> port = ports.apply(command.tenantId());
        if (port.isEmpty()) {
            return new Delivery.Permanent("tenant " + command.tenantId() + " has no ERP configured");
        }
        if (command.is(ExpenseCommands.CLEAR_PAYABLE)) {
            return clear(command, port.get());
        }
        JournalEntry entry;
        try {
            entry = command.payload(ExpenseCommands.POST_JOURNAL);
        } catch (ValidationException e) {
            return new Delivery.Permanent("payload is not a valid journal entry: " + e.getMessage());
        }
        if (!entry.tenantId().equals(command.tenantId())) {
            return new Delivery.Permanent("journal entry of tenant " + entry.tenantId() + " in a command of tenant "
                    + command.tenantId());
        }
        PostResult result = batcher(command.tenantId()).submit(new JournalPosting(command.commandId(), entry));
        return switch (result) {
            case PostResult.Posted posted -> new Delivery.Done(resultJson(posted.journal()));
            case PostResult.Failed failed -> delivery(failed.error());
        };
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        Optional<ErpPort> port = ports.apply(command.tenantId());
        if (port.isEmpty()) {
            return new Lookup.Unreachable("tenant " + command.tenantId() + " has no ERP configured");
        }
        if (command.is(ExpenseCommands.CLEAR_PAYABLE)) {
            return switch (clear(command, port.get())) {
                case Delivery.Done done -> new Lookup.Found(done.resultJson());
                case Delivery.Transient t -> new Lookup.Unreachable(t.reason());
                case Delivery.Unknown u -> new Lookup.Unreachable(u.reason());
                // Sent again, the command meets the same refusal and goes to the exception queue with it.
                default -> new Lookup.NotFound();
            };
        }
        try {
            return port.get().findJournal(command.commandId())
                    .<Lookup>map(j -> new Lookup.Found(resultJson(j)))
                    .orElseGet(Lookup.NotFound::new);
        } catch (ErpException e) {
            return new Lookup.Unreachable(e.getMessage());
        }
    }

    /** How the dispatcher should treat an ERP error. */
    public static Delivery delivery(ErpError error) {
        return switch (error) {
            case ErpError.Transient t -> new Delivery.Transient(t.reason(), t.retryAfter());
            case ErpError.OutcomeUnknown u -> new Delivery.Unknown(u.reason());
            case ErpError.Permanent p -> new Delivery.Permanent(p.message());
            case ErpError.ClosedPeriod c -> new Delivery.Permanent(c.message());
            case ErpError.NeedsAcknowledgement w -> new Delivery.Permanent(w.message());
        };
    }

    private static String resultJson(PostedJournal journal) {
        ObjectNode node = JSON.createObjectNode();
        node.put("commandId", journal.commandId().toString());
        node.put("erpRef", journal.erpRef());
        journal.number().ifPresent(n -> node.put("number", n));
        return node.toString();
    }

    /** Clears a paid payable; the payload is the expense workflow's {@code ClearPayable}, read as that record. */
    private Delivery clear(CommandEnvelope command, ErpPort port) {
        PayableClearing clearing;
        try {
            ExpenseCommands.ClearPayable p = command.payload(ExpenseCommands.CLEAR_PAYABLE);
            clearing = new PayableClearing(command.commandId(), required(p.journalRef(), "journalRef"),
                    Money.of(required(p.amount() == null ? null : p.amount().toPlainString(), "amount"),
                            required(p.currency(), "currency")), LocalDate.now(clock),
                    required(p.paymentRef(), "paymentRef"), "Reimbursement paid: report " + required(p.reportId(), "reportId"));
        } catch (UncheckedIOException | IllegalArgumentException e) {
            return new Delivery.Permanent("payload is not a payable clearing: " + e.getMessage());
        }
        try {
            ClearedPayable cleared = port.clearPayable(clearing);
            return new Delivery.Done(JSON.createObjectNode().put("clearingId", cleared.clearingRef())
                    .put("reconciliation", cleared.reconciliationRef()).toString());
        } catch (ErpException e) {
            return delivery(e.error());
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /**
     * The tenant's batcher. It asks for the tenant's port when a batch goes out, not when the batcher
     * was made, so that a tenant whose ERP configuration changed posts to the new one.
     */
    private MicroBatcher<JournalPosting, PostResult> batcher(TenantId tenant) {
        return batchers.computeIfAbsent(tenant, t -> new MicroBatcher<>(name() + "-" + t, maxBatch, linger,
                inFlight, postings -> post(ports.apply(t), postings)));
    }

    private static List<PostResult> post(Optional<ErpPort> port, List<JournalPosting> postings) {
        if (port.isEmpty()) {
            return postings.stream().<PostResult>map(p -> new PostResult.Failed(p.commandId(),
                    new ErpError.Permanent("the tenant has no ERP configured any more"))).toList();
        }
        try {
            return port.get().postJournals(postings);
        } catch (ErpException e) {
            return postings.stream().<PostResult>map(p -> new PostResult.Failed(p.commandId(), e.error())).toList();
        }
    }

    @Override
    public void close() {
        batchers.values().forEach(MicroBatcher::close);
    }
}
