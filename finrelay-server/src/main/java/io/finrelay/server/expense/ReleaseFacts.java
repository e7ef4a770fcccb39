package io.finrelay.server.expense;

import io.finrelay.engine.db.Database;
import io.finrelay.server.governance.Duties;
import io.finrelay.server.security.ApiPrincipal;
import io.finrelay.server.security.TenantScope;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.governance.BankDetailChange;
import io.finrelay.workflows.governance.DutyPolicy;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What a release of an expense payment is decided on, read in one transaction: the releaser with their
 * duty roles, the report's employee, the payee's last bank-detail change and the tenant's duty policy.
 * Read one by one they were four transactions per release, each with its own round trips and commit.
 */
@Component
public class ReleaseFacts {
    /** The facts of one release; {@code payeeChange} is null when the payee's details never changed. */
    public record Facts(Actor releaser, String employee, BankDetailChange payeeChange, DutyPolicy policy) {}

    private final Database db;
    private final ExpenseReports reports;
    private final Duties duties;

    public ReleaseFacts(Database db, ExpenseReports reports, Duties duties) {
        this.db = db;
        this.reports = reports;
        this.duties = duties;
    }

    /**
     * The facts of {@code person}'s release of {@code reportId}; empty when Finrelay does not have the report.
     * A person who logged in has the roles of their login; a machine key names the person, whose release roles
     * the tenant's expense set-up holds.
     */
    public Optional<Facts> read(TenantScope scope, String reportId, String person) {
        return db.inTenant(scope.tenantId(), c -> {
            List<String> roles = scope.principal().kind() == ApiPrincipal.Kind.USER
                    ? List.copyOf(scope.principal().roleNames())
                    : ExpenseSetup.rolesOf(c, scope.tenantId(), person);
            Optional<String> employee = reports.employeeOf(c, scope.tenantId(), reportId);
            if (employee.isEmpty()) {
                return Optional.<Facts>empty();
            }
            return Optional.of(new Facts(new Actor(person, roles), employee.get(),
                    duties.lastBankDetailChange(c, scope, "employee", employee.get()).orElse(null), duties.policy(c, scope)));
        });
    }
}
