package io.finrelay.connectors.erp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import io.finrelay.workflows.port.ErpPort;
import io.finrelay.workflows.port.JournalEntryJson;
import io.finrelay.workflows.port.JournalPosting;
import io.finrelay.workflows.port.PostResult;
import io.finrelay.workflows.port.PostedJournal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The engine's outbox {@link Connector} for ERP commands, in front of any tenant's {@link ErpPort}
 * (Tryton, the simulated ERP). Command type {@value #POST_JOURNAL}: the payload is a canonical
 * journal entry as JSON, posted with the command id as its external reference.
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
    public static final String POST_JOURNAL = "post-journal";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Function<TenantId, Optional<ErpPort>> ports;
    private final int maxBatch;
    private final Duration linger;
    private final int inFlight;
    private final Map<TenantId, MicroBatcher<JournalPosting, PostResult>> batchers = new ConcurrentHashMap<>();

    /**
     * @param ports    the ERP of each tenant (empty: the tenant has none configured)
     * @param maxBatch entries per batch posting (20 suits Tryton)
     * @param linger   how long a batch waits for more entries once it has one (a few ms)
     */
    public JournalOutboxConnector(String name, Function<TenantId, Optional<ErpPort>> ports, int maxBatch,
                                  Duration linger) {
        this(name, ports, maxBatch, linger, 1);
    }

    /** As above, with {@code inFlight} batches per tenant allowed at once (see {@link MicroBatcher}). */
    public JournalOutboxConnector(String name, Function<TenantId, Optional<ErpPort>> ports, int maxBatch,
                                  Duration linger, int inFlight) {
        this.name = name;
        this.ports = ports;
        this.maxBatch = maxBatch;
        this.linger = linger;
        this.inFlight = inFlight;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        if (!POST_JOURNAL.equals(command.type())) {
            return new Delivery.Permanent("connector " + name + " does not know command type '" + command.type() + "'");
        }
        Optional<ErpPort> port = ports.apply(command.tenantId());
        if (port.isEmpty()) {
            return new Delivery.Permanent("tenant " + command.tenantId() + " has no ERP configured");
        }
        JournalEntry entry;
        try {
            entry = JournalEntryJson.read(command.payloadJson());
        } catch (ValidationException e) {
            return new Delivery.Permanent("payload is not a valid journal entry: " + e.getMessage());
        }
        if (!entry.tenantId().equals(command.tenantId())) {
            return new Delivery.Permanent("journal entry of tenant " + entry.tenantId() + " in a command of tenant "
                    + command.tenantId());
        }
        PostResult result = batcher(command.tenantId(), port.get())
                .submit(new JournalPosting(command.commandId(), entry));
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

    private MicroBatcher<JournalPosting, PostResult> batcher(TenantId tenant, ErpPort port) {
        return batchers.computeIfAbsent(tenant, t -> new MicroBatcher<>(name + "-" + t, maxBatch, linger,
                inFlight, postings -> post(port, postings)));
    }

    private static List<PostResult> post(ErpPort port, List<JournalPosting> postings) {
        try {
            return port.postJournals(postings);
        } catch (ErpException e) {
            return postings.stream().<PostResult>map(p -> new PostResult.Failed(p.commandId(), e.error())).toList();
        }
    }

    @Override
    public void close() {
        batchers.values().forEach(MicroBatcher::close);
    }
}
