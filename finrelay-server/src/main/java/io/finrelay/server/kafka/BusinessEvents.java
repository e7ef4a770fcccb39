package io.finrelay.server.kafka;

import io.finrelay.connectors.kafka.BusinessEvent;
import io.finrelay.engine.workflow.CommandRequest;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.engine.workflow.TransitionHook;
import io.finrelay.engine.workflow.WorkflowState;
import io.finrelay.model.Money;
import io.finrelay.model.id.TenantId;
import io.finrelay.workflows.expense.Claim;
import io.finrelay.workflows.expense.ExpenseState;
import io.finrelay.workflows.invoice.InvoiceFacts;
import io.finrelay.workflows.invoice.InvoiceState;
import io.finrelay.workflows.reconciliation.ReconciliationMatch;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The business events Finrelay announces on a tenant's Kafka topic, each when a workflow enters the state that
 * means it (once per instance: a transition that stays in the state announces nothing):
 * <ul>
 *   <li>{@code io.finrelay.expense.reimbursed}: an expense report reached Reimbursed (paid, payable cleared,
 *       status reported back);</li>
 *   <li>{@code io.finrelay.invoice.approved}: a supplier invoice entered Posting (its approvals are complete);</li>
 *   <li>{@code io.finrelay.invoice.paid}: the bank settled an invoice's payment (Paid);</li>
 *   <li>{@code io.finrelay.match.confirmed}: a reconciliation match was confirmed (Clearing).</li>
 * </ul>
 * The data is chosen field by field: references, amounts as decimal strings, people; never a bank account. Only
 * for tenants that may have a stream ({@link EventStreams#mayPublish}); the command is written in the transition's
 * transaction and relayed by {@link io.finrelay.connectors.kafka.KafkaEventConnector}.
 */
@Component
public class BusinessEvents implements TransitionHook {
    private final EventStreams streams;

    public BusinessEvents(EventStreams streams) {
        this.streams = streams;
    }

    @Override
    public List<CommandRequest> commandsFor(TenantId tenant, String workflowType,
                                            Transition<? extends WorkflowState> transition, Instant at) {
        if (transition.from().getClass() == transition.to().getClass() || !streams.mayPublish(tenant)) {
            return List.of();
        }
        return event(transition).map(e -> List.of(BusinessEvent.PUBLISH.request(
                new BusinessEvent(e.type(), transition.businessKey(), at, e.data())))).orElse(List.of());
    }

    @Override
    public boolean adds(String commandType) {
        return commandType.equals(BusinessEvent.PUBLISH.type());
    }

    private record Event(String type, Map<String, Object> data) {}

    private static Optional<Event> event(Transition<? extends WorkflowState> transition) {
        Map<String, Object> data = new LinkedHashMap<>();
        return switch (transition.to()) {
            case ExpenseState.Reimbursed r -> {
                Claim claim = r.c().claim();
                data.put("reportId", claim.reportId());
                data.put("employeeId", claim.employeeId());
                data.put("purpose", claim.purpose());
                // what the employee was paid; lines the company's card paid are in the report's total only
                data.put("amount", claim.reimbursableTotal().amount().toPlainString());
                data.put("reportTotal", claim.total().amount().toPlainString());
                data.put("currency", claim.currency());
                data.put("approvedAt", claim.approvedAt() == null ? null : claim.approvedAt().toString());
                data.put("erpJournal", r.c().journalRef());
                data.put("bankReference", r.c().bankRef());
                yield Optional.of(new Event("io.finrelay.expense.reimbursed", data));
            }
            case InvoiceState.Posting p -> {
                invoice(data, p.f());
                data.put("approvedBy", p.approvedBy());
                yield Optional.of(new Event("io.finrelay.invoice.approved", data));
            }
            case InvoiceState.Paid p -> {
                invoice(data, p.s().f());
                put(data, "paid", p.payment().amount());
                data.put("endToEndId", p.payment().endToEndId());
                data.put("paymentRun", p.payment().runId());
                data.put("bankReference", p.bankRef());
                yield Optional.of(new Event("io.finrelay.invoice.paid", data));
            }
            case ReconciliationMatch.Clearing c -> {
                data.put("matchId", c.m().matchId());
                data.put("confirmedBy", c.confirmedBy());
                data.put("statementLines", c.m().lines().stream().map(l -> l.bankFileId() + "#" + l.lineNo()).toList());
                data.put("openItems", c.m().items().stream().map(ReconciliationMatch.ItemRef::id).toList());
                data.put("differenceKind", c.m().differenceKind());
                yield Optional.of(new Event("io.finrelay.match.confirmed", data));
            }
            default -> Optional.empty();
        };
    }

    private static void invoice(Map<String, Object> data, InvoiceFacts f) {
        data.put("invoiceId", f.invoiceId());
        data.put("number", f.number());
        data.put("supplier", f.seller().name());
        data.put("supplierVatId", f.seller().vatId());
        put(data, "payable", f.payable());
        data.put("dueDate", f.dueDate() == null ? null : f.dueDate().toString());
    }

    private static void put(Map<String, Object> data, String name, Money money) {
        data.put(name, money == null ? null : Map.of("amount", money.amount().toPlainString(), "currency", money.currencyCode()));
    }
}
