package io.finrelay.connectors.erp.simulated;

import io.finrelay.model.Money;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.ledger.GlAccount;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.model.ledger.JournalLine;
import io.finrelay.model.ledger.Side;
import io.finrelay.model.party.Customer;
import io.finrelay.model.party.LegalEntity;
import io.finrelay.model.party.Vendor;
import io.finrelay.workflows.port.ClearedPayable;
import io.finrelay.workflows.port.CreditExposure;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import io.finrelay.workflows.port.ErpJournal;
import io.finrelay.workflows.port.ErpPort;
import io.finrelay.workflows.port.FiscalPeriod;
import io.finrelay.workflows.port.JournalPosting;
import io.finrelay.workflows.port.MasterData;
import io.finrelay.workflows.port.OpenItem;
import io.finrelay.workflows.port.Opportunity;
import io.finrelay.workflows.port.PayableClearing;
import io.finrelay.workflows.port.Payment;
import io.finrelay.workflows.port.PaymentFile;
import io.finrelay.workflows.port.PaymentRequest;
import io.finrelay.workflows.port.PostResult;
import io.finrelay.workflows.port.PostedInvoice;
import io.finrelay.workflows.port.PostedJournal;
import io.finrelay.workflows.port.SupplierInvoice;
import io.finrelay.workflows.port.Synced;
import io.finrelay.workflows.port.Watermark;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated ERP in memory, for tests and the contract suite. It behaves like Tryton where it matters
 * to Finrelay (no idempotency keys: the command id is only a reference on the record; refusals per
 * entry; closed periods) and records every journal it receives, so that a test can prove that each
 * command was posted exactly once. Faults are switched on by the test: {@link #loseNextAnswers} (the
 * ERP acts, the answer is lost) and {@link #failNextCalls} (the ERP is unreachable).
 */
public final class InMemoryErp implements ErpPort {
    /** A journal as the simulated ERP holds it. */
    public record Booked(UUID commandId, String erpRef, JournalEntry entry, Instant at) {}

    private final Synced<LegalEntity> legalEntity;
    private final Map<String, GlAccount> accounts = new LinkedHashMap<>();
    private final List<FiscalPeriod> periods;
    private final List<Synced<Vendor>> vendors;
    private final List<Synced<Customer>> customers;
    private final List<Booked> ledger = new CopyOnWriteArrayList<>();
    private final List<JournalPosting> received = new CopyOnWriteArrayList<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final Map<String, PostedInvoice> invoices = new LinkedHashMap<>();
    private final Map<String, OpenItem> payables = new LinkedHashMap<>();
    private final Map<String, Payment> payments = new LinkedHashMap<>();
    private final Map<String, Opportunity> opportunities = new LinkedHashMap<>();
    private final Map<String, Money> creditLimits = new LinkedHashMap<>();
    private final Map<UUID, ClearedPayable> clearings = new LinkedHashMap<>();
    private final Map<String, UUID> clearedJournals = new LinkedHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Clock clock;
    private final AtomicInteger loseAnswers = new AtomicInteger();
    private final AtomicInteger unreachable = new AtomicInteger();

    public InMemoryErp(Synced<LegalEntity> legalEntity, List<GlAccount> accounts, List<FiscalPeriod> periods,
                       List<Synced<Vendor>> vendors, List<Synced<Customer>> customers) {
        this(legalEntity, accounts, periods, vendors, customers, Clock.systemUTC());
    }

    /** With the clock that stamps what the simulated ERP books (a stepping one in tests). */
    public InMemoryErp(Synced<LegalEntity> legalEntity, List<GlAccount> accounts, List<FiscalPeriod> periods,
                       List<Synced<Vendor>> vendors, List<Synced<Customer>> customers, Clock clock) {
        this.clock = clock;
        this.legalEntity = legalEntity;
        accounts.forEach(a -> this.accounts.put(a.code().value(), a));
        this.periods = List.copyOf(periods);
        this.vendors = List.copyOf(vendors);
        this.customers = List.copyOf(customers);
        customers.forEach(c -> creditLimits.put(c.erpRef(), c.record().creditLimit()));
    }

    // ---- test knobs and ledgers ------------------------------------------------------------------

    /** The next {@code n} posting calls take effect, but their answer is lost (OutcomeUnknown). */
    public void loseNextAnswers(int n) {
        loseAnswers.set(n);
    }

    /** The next {@code n} calls fail as if the ERP were down (Transient); nothing takes effect. */
    public void failNextCalls(int n) {
        unreachable.set(n);
    }

    /** Every journal this ERP holds as posted. */
    public List<Booked> ledger() {
        return List.copyOf(ledger);
    }

    /** Every posting it received, accepted or not, in order. */
    public List<JournalPosting> received() {
        return List.copyOf(received);
    }

    /** The size of each posting call it received. */
    public List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    public long postedCount(UUID commandId) {
        return ledger.stream().filter(b -> b.commandId().equals(commandId)).count();
    }

    private void maybeUnreachable() {
        if (unreachable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ErpException(new ErpError.Transient("simulated ERP unreachable"));
        }
    }

    // ---- port ------------------------------------------------------------------------------------

    @Override
    public MasterData pullMasterData(Watermark since) {
        maybeUnreachable();
        LegalEntityId le = legalEntity.record().id();
        List<Synced<GlAccount>> accs = accounts.values().stream()
                .map(a -> new Synced<>(a.code().value(), a)).toList();
        return new MasterData(List.of(legalEntity), vendors, customers, List.of(), accs, List.of(), List.of(),
                periods.stream().filter(p -> p.legalEntityId().equals(le)).toList(),
                List.of(new ErpJournal("1", "MISC", "Miscellaneous", "general", true)), List.of(),
                since.max(new Watermark(Instant.EPOCH.plusSeconds(1))));
    }

    @Override
    public synchronized List<PostResult> postJournals(List<JournalPosting> postings) {
        maybeUnreachable();
        batchSizes.add(postings.size());
        received.addAll(postings);
        List<PostResult> results = new ArrayList<>();
        for (JournalPosting p : postings) {
            Optional<ErpError> refusal = refusal(p.entry());
            if (refusal.isPresent()) {
                results.add(new PostResult.Failed(p.commandId(), refusal.get()));
                continue;
            }
            String ref = Integer.toString(sequence.incrementAndGet());
            ledger.add(new Booked(p.commandId(), ref, p.entry(), clock.instant()));
            results.add(new PostResult.Posted(new PostedJournal(p.commandId(), ref, "SIM-" + ref)));
        }
        if (loseAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ErpException(new ErpError.OutcomeUnknown("simulated: answer to the posting call lost"));
        }
        return results;
    }

    private Optional<ErpError> refusal(JournalEntry entry) {
        if (!entry.legalEntityId().equals(legalEntity.record().id())) {
            return Optional.of(new ErpError.Permanent("legal entity " + entry.legalEntityId() + " is unknown here"));
        }
        for (JournalLine line : entry.lines()) {
            if (!accounts.containsKey(line.account().value())) {
                return Optional.of(new ErpError.Permanent("no account with code '" + line.account().value() + "'"));
            }
        }
        for (FiscalPeriod p : periods) {
            if (p.kind() == FiscalPeriod.Kind.PERIOD && p.contains(entry.bookingDate())) {
                return p.open() ? Optional.empty() : Optional.of(new ErpError.ClosedPeriod(p.name(),
                        "period " + p.name() + " is closed"));
            }
        }
        return Optional.of(new ErpError.Permanent("no period for " + entry.bookingDate()));
    }

    @Override
    public Optional<PostedJournal> findJournal(UUID commandId) {
        maybeUnreachable();
        return ledger.stream().filter(b -> b.commandId().equals(commandId)).findFirst()
                .map(b -> new PostedJournal(commandId, b.erpRef(), "SIM-" + b.erpRef()));
    }

    /**
     * Clears the one payable line (a credit booked against a party) of a posted journal, for exactly the
     * amount it owes; the same command id answers the same clearing, a second clearing of the journal is refused.
     */
    @Override
    public synchronized ClearedPayable clearPayable(PayableClearing clearing) {
        maybeUnreachable();
        ClearedPayable done = clearings.get(clearing.commandId());
        if (done != null) {
            return done;
        }
        String ref = clearing.journalRef();
        Booked booked = ledger.stream().filter(b -> b.erpRef().equals(ref)).findFirst()
                .orElseThrow(() -> refused("no posted journal " + ref));
        List<JournalLine> payables = booked.entry().lines().stream()
                .filter(l -> l.side() == Side.CREDIT && l.party().isPresent()).toList();
        if (payables.size() != 1) {
            throw refused("journal " + ref + " has " + payables.size() + " payable lines with a party; expected exactly one");
        }
        Money owed = payables.getFirst().amount();
        if (!owed.currency().equals(clearing.amount().currency()) || owed.compareTo(clearing.amount()) != 0) {
            throw refused("journal " + ref + " owes " + owed + " but " + clearing.amount() + " was paid");
        }
        if (clearedJournals.containsKey(ref)) {
            throw refused("journal " + ref + " is already cleared (command " + clearedJournals.get(ref) + ")");
        }
        int n = sequence.incrementAndGet();
        ClearedPayable cleared = new ClearedPayable(clearing.commandId(), "CLR-" + n, "REC-" + n);
        clearings.put(clearing.commandId(), cleared);
        clearedJournals.put(ref, clearing.commandId());
        return cleared;
    }

    /** How many clearings this command made (0 or 1). */
    public synchronized long clearingCount(UUID commandId) {
        return clearings.containsKey(commandId) ? 1 : 0;
    }

    private static ErpException refused(String message) {
        return new ErpException(new ErpError.Permanent(message));
    }

    @Override
    public synchronized PostedInvoice postSupplierInvoice(SupplierInvoice invoice) {
        maybeUnreachable();
        for (PostedInvoice existing : invoices.values()) {
            if (existing.commandId().equals(invoice.commandId())) {
                return existing;
            }
        }
        String ref = "INV-" + sequence.incrementAndGet();
        String line = "L-" + ref;
        Money total = invoice.netTotal();
        PostedInvoice posted = new PostedInvoice(invoice.commandId(), ref, ref, "posted", total, total, List.of(line));
        invoices.put(ref, posted);
        payables.put(line, new OpenItem(line, invoice.vendorRef(), invoice.vendorRef(), total, invoice.invoiceDate(),
                Optional.of(invoice.invoiceDate()), invoice.description()));
        return posted;
    }

    @Override
    public synchronized List<OpenItem> payableLines(Optional<String> vendorRef) {
        return payables.values().stream().filter(i -> vendorRef.map(i.partyRef()::equals).orElse(true)).toList();
    }

    @Override
    public synchronized List<Payment> createApprovedPayments(List<PaymentRequest> requests) {
        List<Payment> out = new ArrayList<>();
        for (PaymentRequest r : requests) {
            OpenItem line = payables.get(r.payableLineRef());
            if (line == null) {
                throw new ErpException(new ErpError.Permanent("no open payable line " + r.payableLineRef()));
            }
            Payment p = new Payment("PAY-" + sequence.incrementAndGet(), line.partyRef(), r.amount(), "approved",
                    r.description());
            payments.put(p.erpRef(), p);
            payables.remove(r.payableLineRef());
            out.add(p);
        }
        return out;
    }

    @Override
    public synchronized PaymentFile processPayments(List<String> paymentRefs) {
        StringBuilder xml = new StringBuilder("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\">");
        for (String ref : paymentRefs) {
            Payment p = payments.get(ref);
            payments.put(ref, new Payment(ref, p.partyRef(), p.amount(), "processing", p.description()));
            xml.append("<InstdAmt Ccy=\"").append(p.amount().currencyCode()).append("\">")
                    .append(p.amount().amount().toPlainString()).append("</InstdAmt>");
        }
        xml.append("</Document>");
        String group = "G-" + sequence.incrementAndGet();
        return new PaymentFile(group, group, paymentRefs, group + ".xml", "pain.001.001.03",
                xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized List<Payment> markPayments(List<String> paymentRefs, boolean succeeded) {
        for (String ref : paymentRefs) {
            Payment p = payments.get(ref);
            payments.put(ref, new Payment(ref, p.partyRef(), p.amount(), succeeded ? "succeeded" : "failed",
                    p.description()));
        }
        return payments(paymentRefs);
    }

    @Override
    public synchronized List<Payment> payments(List<String> paymentRefs) {
        return paymentRefs.stream().map(payments::get).toList();
    }

    @Override
    public synchronized CreditExposure creditExposure(String customerRef) {
        Money limit = creditLimits.get(customerRef);
        if (limit == null) {
            throw new ErpException(new ErpError.Permanent("no customer " + customerRef));
        }
        return new CreditExposure(customerRef, Optional.of(limit), Money.zero(limit.currency()), List.of());
    }

    /** This ERP books no sales, so it holds no receivables. */
    @Override
    public List<OpenItem> receivableLines(Optional<String> customerRef) {
        return List.of();
    }

    /** Adds an opportunity (test set-up). */
    public synchronized void addOpportunity(Opportunity opportunity) {
        opportunities.put(opportunity.erpRef(), opportunity);
    }

    @Override
    public synchronized List<Opportunity> opportunities(Watermark since) {
        return List.copyOf(opportunities.values());
    }

    @Override
    public synchronized Opportunity updateOpportunity(String ref, Opportunity.Update update) {
        Opportunity o = opportunities.get(ref);
        if (o == null) {
            throw new ErpException(new ErpError.Permanent("no opportunity " + ref));
        }
        Opportunity changed = new Opportunity(ref, o.number(), o.customerRef(),
                update.description().orElse(o.description()), update.amount().isPresent() ? update.amount() : o.amount(),
                update.probability().orElse(o.probability()),
                update.stage().map(s -> switch (s) {
                    case LEAD -> "lead";
                    case OPPORTUNITY -> "opportunity";
                    case LOST -> "lost";
                    case CANCELLED -> "cancelled";
                }).orElse(o.state()), o.startDate());
        opportunities.put(ref, changed);
        return changed;
    }

    /** Accounts by code (read-only view). */
    public Map<String, GlAccount> accounts() {
        return Collections.unmodifiableMap(accounts);
    }

}
