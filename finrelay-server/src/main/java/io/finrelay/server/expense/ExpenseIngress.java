package io.finrelay.server.expense;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.connectors.sandbox.ConcurReports;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.workflows.expense.Claim;
import io.finrelay.workflows.expense.ExpenseEvent;
import io.finrelay.workflows.expense.ExpenseReimbursement;
import org.springframework.stereotype.Component;

/**
 * The one way an approved report enters the workflow, whether by webhook or by the API: mapped from
 * the platform's document to a {@link Claim} (a broken document is a 400 naming the field), then
 * delivered to the report's instance under the sender's deduplication key.
 */
@Component
public class ExpenseIngress {
    private final WorkflowEngine engine;

    public ExpenseIngress(WorkflowEngine engine) {
        this.engine = engine;
    }

    public Receipt submit(TenantId tenant, JsonNode report, InboxKey key, String correlationId, String actor) {
        Claim claim;
        try {
            claim = ConcurReports.toClaim(tenant.toString(), report);
        } catch (ValidationException e) {
            throw ApiProblem.invalid(e.field(), e.rejectedValue(), e.reason());
        } catch (RuntimeException e) {
            throw ApiProblem.invalid("report", null, "is not an expense report: " + e.getMessage());
        }
        return engine.submit(new InboundEvent(key, ExpenseReimbursement.TYPE, claim.reportId(),
                new Input.Domain(new ExpenseEvent.ReportApproved(claim, null)), correlationId, actor));
    }
}
