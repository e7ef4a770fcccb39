package io.finrelay.server.invoice;

import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.InstanceView;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.Money;
import io.finrelay.model.bank.Iban;
import io.finrelay.server.bank.HouseBankAccounts;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.workflows.invoice.InvoiceEvent;
import io.finrelay.workflows.invoice.InvoiceState;
import io.finrelay.workflows.invoice.InvoiceToPay;
import io.finrelay.workflows.invoice.PaymentRun;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * Opens payment runs of supplier invoices: the invoices planned for payment on or before the run's
 * execution date, in the house account's currency, each taken by its own workflow (which decides the
 * payee's account and the end-to-end id), then ONE {@link PaymentRun} instance that sends them as one
 * pain.001. The run's id comes from the caller's Idempotency-Key (required), so that a run repeated
 * after a crash takes the same invoices again and sends the one file it was opening.
 */
public class PaymentRuns {
    /** The inbox source of a run's events. */
    static final String SOURCE = "payment-run";
    private static final int MAX_PAYMENTS = 10_000;

    /** One payment of the run, as the API shows it (the payee's account masked). */
    public record Payment(UUID invoiceId, String endToEndId, String payee, String account, String amount) {}

    /** An invoice the run did not take, and why. */
    public record Skipped(UUID invoiceId, String reason) {}

    /** The run as opened: its file's message id and where it stands. */
    public record RunView(UUID runId, String messageId, String fileName, LocalDate executionDate, String debtorAccount,
                          String currency, int count, String total, List<Payment> payments, List<Skipped> skipped,
                          String state) {}

    private final WorkflowEngine engine;
    private final SupplierInvoices invoices;
    private final HouseBankAccounts accounts;
    private final ApPolicies policies;

    public PaymentRuns(WorkflowEngine engine, SupplierInvoices invoices, HouseBankAccounts accounts, ApPolicies policies) {
        this.engine = engine;
        this.invoices = invoices;
        this.accounts = accounts;
        this.policies = policies;
    }

    /** What opening a run did: a new run, or the one this Idempotency-Key opened before. */
    public record Opening(boolean created, RunView run) {}

    public Opening open(TenantScope scope, LocalDate executionDate, Iban debtor, String connection, String initiatingParty,
                        String idempotencyKey, String correlationId) {
        HouseBankAccounts.HouseBankAccount account = accounts.find(scope, debtor).orElseThrow(() -> ApiProblem.invalid(
                "debtorAccount", debtor.masked(), "is not one of the tenant's house bank accounts"));
        ApPolicies.ApPolicy policy = policies.find(scope).orElseThrow(() -> new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY,
                "no-ap-policy", "No accounts-payable policy", "set the tenant's accounts-payable policy first"));
        if (!account.legalEntity().equals(policy.legalEntityId().toString())) {
            throw ApiProblem.invalid("debtorAccount", debtor.masked(), "belongs to legal entity " + account.legalEntity()
                    + ", but supplier invoices are booked for legal entity " + policy.legalEntityId());
        }
        UUID runId = UUID.nameUUIDFromBytes((scope.tenantId().value() + "/payment-run/" + idempotencyKey)
                .getBytes(StandardCharsets.UTF_8));
        Optional<RunState> earlier = find(scope, runId);
        if (earlier.isPresent()) {
            return new Opening(false, view(scope, runId, earlier.get()));
        }
        String actor = scope.principal().actor();
        List<PaymentRun.Line> lines = new ArrayList<>();
        List<Payment> payments = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        List<SupplierInvoices.Due> due = invoices.dueForPayment(scope, runId, executionDate, account.currency(), MAX_PAYMENTS);
        Map<UUID, List<InvoiceEvent.Credit>> credits = net(scope, runId, due, account.currency(), correlationId, actor);
        // All invoices at once: the engine decides them in a few batched transactions, not one commit each.
        List<SupplierInvoices.Due> toPay = due.stream().filter(d -> !d.creditNote()).toList();
        List<java.util.concurrent.CompletableFuture<Receipt>> receipts = new ArrayList<>(toPay.size());
        for (SupplierInvoices.Due invoice : toPay) {
            receipts.add(engine.submitAsync(new InboundEvent(new InboxKey(scope.tenantId(), SOURCE, runId + ":" + invoice.id()),
                    InvoiceToPay.TYPE, invoice.id().toString(), new Input.Domain(new InvoiceEvent.PaymentRunAssigned(
                    runId.toString(), executionDate, credits.getOrDefault(invoice.id(), List.of()))), correlationId, actor)));
        }
        for (int i = 0; i < toPay.size(); i++) {
            UUID invoiceId = toPay.get(i).id();
            Receipt receipt = receipts.get(i).join();
            Optional<InvoiceState.Paying> payment = paymentOf(scope, invoiceId, runId);
            if (payment.isEmpty()) {
                skipped.add(new Skipped(invoiceId, receipt instanceof Receipt.Rejected r ? r.reason()
                        : "not taken (" + receipt.getClass().getSimpleName() + ")"));
                continue;
            }
            InvoiceState.Payment p = payment.get().payment();
            lines.add(new PaymentRun.Line(invoiceId.toString(), p.endToEndId(), p.payeeName(), p.iban(), p.amount(),
                    p.remittance(), payment.get().s().payableLine()));
            payments.add(new Payment(invoiceId, p.endToEndId(), p.payeeName(), Iban.of(p.iban()).masked(),
                    p.amount().amount().toPlainString()));
        }
        if (lines.isEmpty()) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "nothing-to-pay", "Nothing to pay",
                    "no supplier invoice in " + account.currency() + " is planned for payment on or before " + executionDate,
                    Map.of("skipped", skipped));
        }
        String messageId = "PR" + executionDate.format(DateTimeFormatter.BASIC_ISO_DATE) + "-"
                + runId.toString().replace("-", "").substring(0, 12);
        String party = initiatingParty != null ? initiatingParty : account.name() != null ? account.name() : "Finrelay";
        PaymentRun.PaymentFile file = new PaymentRun.PaymentFile(runId.toString(), messageId, connection, party,
                account.iban(), account.bic(), party, account.currency(), executionDate, lines, account.legalEntity(), actor);
        Receipt opened = engine.submit(new InboundEvent(new InboxKey(scope.tenantId(), SOURCE, runId.toString()),
                PaymentRun.TYPE, runId.toString(), new Input.Domain(new PaymentRun.Opened(file)), correlationId, actor));
        boolean created = switch (opened) {
            case Receipt.Accepted a -> true;
            case Receipt.Repeated r when r.first() instanceof Receipt.Accepted a -> false;
            default -> throw new IllegalStateException("payment run " + runId + " was not opened: " + opened);
        };
        return new Opening(created, new RunView(runId, messageId, PaymentFileConnector.fileName(file), executionDate,
                debtor.masked(), account.currency(), lines.size(), file.total().amount().toPlainString(), payments,
                skipped, find(scope, runId).map(RunState::state).orElse("Sending")));
    }

    /** Where a run stands: its state and, once sent, the file's name. */
    public record RunState(UUID runId, String state, String messageId, String fileName, int count, String total,
                           String currency, LocalDate executionDate) {}

    public Optional<RunState> find(TenantScope scope, UUID runId) {
        return engine.instances().findByBusinessKey(scope.tenantId(), PaymentRun.TYPE, runId.toString()).map(view -> {
            PaymentRun.State state = state(view);
            PaymentRun.PaymentFile file = fileOf(state);
            return new RunState(runId, view.state(), file.messageId(), state instanceof PaymentRun.Sent s ? s.fileName() : null,
                    file.lines().size(), file.total().amount().toPlainString(), file.currency(), file.executionDate());
        });
    }

    private Optional<PaymentRun.PaymentFile> file(TenantScope scope, UUID runId) {
        return engine.instances().findByBusinessKey(scope.tenantId(), PaymentRun.TYPE, runId.toString())
                .map(view -> fileOf(state(view)));
    }

    private static PaymentRun.State state(InstanceView view) {
        Class<? extends PaymentRun.State> type = switch (view.state()) {
            case "Sending" -> PaymentRun.Sending.class;
            case "Sent" -> PaymentRun.Sent.class;
            case "Cancelled" -> PaymentRun.Cancelled.class;
            default -> throw new IllegalStateException("payment run " + view.businessKey() + " in state " + view.state());
        };
        return Json.read(view.stateJson(), type);
    }

    private static PaymentRun.PaymentFile fileOf(PaymentRun.State state) {
        return switch (state) {
            case PaymentRun.Sending s -> s.file();
            case PaymentRun.Sent s -> s.file();
            case PaymentRun.Cancelled c -> c.file();
            case PaymentRun.New n -> throw new IllegalStateException("a payment run without its file");
        };
    }

    /**
     * Nets each supplier's credit notes against its invoices in the run: a credit note goes, oldest
     * first, to the supplier's largest invoice that stays above zero after it; one that fits none waits
     * for a later run. Each credit note's workflow takes the netting first (its state says which
     * invoice and run), then the invoice gets it in its payment.
     */
    private Map<UUID, List<InvoiceEvent.Credit>> net(TenantScope scope, UUID runId, List<SupplierInvoices.Due> due,
                                                   String currency, String correlationId, String actor) {
        Map<UUID, List<InvoiceEvent.Credit>> credits = new java.util.HashMap<>();
        Map<UUID, BigDecimal> left = new java.util.HashMap<>();
        due.stream().filter(d -> !d.creditNote()).forEach(d -> left.put(d.id(), d.amount()));
        for (SupplierInvoices.Due credit : due.stream().filter(SupplierInvoices.Due::creditNote).toList()) {
            Optional<SupplierInvoices.Due> against = due.stream()
                    .filter(d -> !d.creditNote() && d.sellerKey().equals(credit.sellerKey())
                            && left.get(d.id()).compareTo(credit.amount()) > 0)
                    .max(java.util.Comparator.comparing((SupplierInvoices.Due d) -> left.get(d.id())).thenComparing(d -> d.id()));
            if (against.isEmpty()) {
                continue;
            }
            Receipt applied = engine.submit(new InboundEvent(new InboxKey(scope.tenantId(), SOURCE, runId + ":credit:"
                    + credit.id()), InvoiceToPay.TYPE, credit.id().toString(), new Input.Domain(new InvoiceEvent.CreditApplied(
                    runId.toString(), against.get().id().toString(), against.get().number())), correlationId, actor));
            Receipt first = applied instanceof Receipt.Repeated r ? r.first() : applied;
            if (!(first instanceof Receipt.Accepted)) {
                continue;
            }
            left.merge(against.get().id(), credit.amount().negate(), BigDecimal::add);
            credits.computeIfAbsent(against.get().id(), k -> new ArrayList<>()).add(new InvoiceEvent.Credit(
                    credit.id().toString(), credit.number(), Money.of(credit.amount(), java.util.Currency.getInstance(currency))));
        }
        return credits;
    }

    /** A run opened before, as its file says. */
    private RunView view(TenantScope scope, UUID runId, RunState state) {
        PaymentRun.PaymentFile file = file(scope, runId).orElseThrow();
        List<Payment> payments = file.lines().stream().map(l -> new Payment(UUID.fromString(l.invoiceId()), l.endToEndId(),
                l.payeeName(), Iban.of(l.iban()).masked(), l.amount().amount().toPlainString())).toList();
        return new RunView(runId, file.messageId(), PaymentFileConnector.fileName(file), file.executionDate(),
                Iban.of(file.debtorIban()).masked(), file.currency(), payments.size(), file.total().amount().toPlainString(),
                payments, List.of(), state.state());
    }

    /** The run's payment of an invoice, read from the invoice's workflow (its state holds the payee's account). */
    private Optional<InvoiceState.Paying> paymentOf(TenantScope scope, UUID invoiceId, UUID runId) {
        Optional<InstanceView> view = engine.instances().findByBusinessKey(scope.tenantId(), InvoiceToPay.TYPE,
                invoiceId.toString());
        if (view.isEmpty() || !view.get().state().equals("Paying")) {
            return Optional.empty();
        }
        InvoiceState.Paying paying = Json.read(view.get().stateJson(), InvoiceState.Paying.class);
        return paying.payment().runId().equals(runId.toString()) ? Optional.of(paying) : Optional.empty();
    }
}
