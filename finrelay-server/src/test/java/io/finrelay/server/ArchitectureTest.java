package io.finrelay.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.finrelay.engine.db.Database;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.server.web.AcceptsIdempotencyKey;
import io.finrelay.server.web.IdempotentRequests;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dependencies point one way, down: the server may use everything, nothing uses the server, the
 * engine knows no Spring, the model knows no framework, no JDBC and no JSON library, the workflows
 * are domain code, and the product reaches the sandbox peers only over the wire. Within the
 * server, only the access check makes a {@link TenantScope}.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        // Test code may reach anything; ArchUnit's own test filter knows only target/test-classes,
        // and builds here may use other target directories (-Dbuild.suffix) or test-jars.
        ImportOption productionOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        classes = new ClassFileImporter().withImportOption(productionOnly).importPackages("io.finrelay");
    }

    @Test
    void theModelDependsOnNoOtherModuleAndNoFramework() {
        noClasses().that().resideInAPackage("io.finrelay.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.finrelay.engine..", "io.finrelay.server..",
                        "io.finrelay.formats..", "io.finrelay.testkit..", "org.springframework..", "java.sql..",
                        "javax.sql..", "com.fasterxml.jackson..", "jakarta..")
                .check(classes);
    }

    @Test
    void theEngineKnowsNeitherTheServerNorSpring() {
        noClasses().that().resideInAPackage("io.finrelay.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.finrelay.server..", "org.springframework..",
                        "jakarta.servlet..")
                .check(classes);
    }

    @Test
    void theWorkflowsArePureDomainCode() {
        noClasses().that().resideInAPackage("io.finrelay.workflows..")
                .should().dependOnClassesThat().resideInAnyPackage("io.finrelay.server..", "io.finrelay.connectors..",
                        "io.finrelay.sandbox..", "org.springframework..", "java.sql..", "javax.sql..", "java.net.http..",
                        "jakarta..")
                .check(classes);
    }

    @Test
    void theProductReachesTheSandboxOnlyOverTheWire() {
        // Only the demo (module finrelay-demo, not on this class path) starts the sandbox in-process;
        // ProductJarIT checks that the packaged server carries no sandbox class at all.
        noClasses().that().resideOutsideOfPackage("io.finrelay.sandbox..")
                .should().dependOnClassesThat().resideInAnyPackage("io.finrelay.sandbox..", "io.finrelay.demo..")
                .check(classes);
    }

    @Test
    void nothingOutsideTheServerDependsOnIt() {
        noClasses().that().resideOutsideOfPackage("io.finrelay.server..")
                .should().dependOnClassesThat().resideInAPackage("io.finrelay.server..")
                .check(classes);
    }

    @Test
    void onlyTheAccessCheckMakesATenantScope() {
        noClasses().that().resideOutsideOfPackage("io.finrelay.server.security..")
                .should().callConstructor(TenantScope.class, TenantId.class,
                        io.finrelay.server.security.ApiPrincipal.class)
                .check(classes);
    }

    @Test
    void onlyTheEntryPointsBeforeAnyTenantWorkAcrossTenants() {
        // Database.inSystem sees every tenant's rows. In the server only authentication and login (no
        // tenant is known yet: ApiKeyFilter, Users' login look-up), the access check (TenantDirectory),
        // the bootstrap key, a partner admin's work on the partner's own people (Users' partner forms,
        // IdempotentRequests' partner form) may use it (and, outside the product, the demo's set-up);
        // and the backlog and business gauges, which count every tenant's waiting commands, exceptions
        // and timers and take the figures of its reimbursed reports for the operator's metrics
        // (aggregates by tenant id only); the expense platform's poller, which asks which tenants'
        // polls are due (their ids only); the monitors' round lock, which lists the tenants' ids to
        // visit each in its own tenant; and the partner's health, which reads each figure of all the
        // partner's tenants in one statement, bound to the tenants of the partner the access check admitted;
        // and the partner's usage, read the same way.
        noClasses().that().resideInAPackage("io.finrelay.server..")
                .and().haveNameNotMatching("io\\.finrelay\\.server\\.(security\\.(ApiKeyFilter|BootstrapKey|Access"
                        + "|TenantDirectory|Users)"
                        + "|web\\.IdempotentRequests|metrics\\.(BacklogGauges|BusinessGauges)|expense\\.ExpensePolling"
                        + "|monitors\\.MonitorLock|kpi\\.PartnerHealth|usage\\.Usage)(\\$.*)?")
                .should().callMethod(Database.class, "inSystem", Database.Work.class)
                .check(classes);
    }

    @Test
    void connectionsComeFromDatabaseWhichPutsThemBehindTheTenantWall() {
        // A connection taken from the pool directly runs as the schema owner, past row-level security.
        // Only storage code opens one: the engine's Database, and the server's TenantConnections (for
        // the bank file ledger, which holds its own transactions), which enters the tenant first; the
        // reconciliation's run lock and the monitors' round lock each hold a session advisory lock on a
        // connection that reads no table, and so does a bank channel's poll (ChannelLock); the engine's wake-ups
        // across nodes LISTEN on one that reads no table.
        noClasses().that().resideOutsideOfPackages("io.finrelay.engine.db..", "io.finrelay.testkit..", "..storage..")
                .and().haveNameNotMatching("io\\.finrelay\\.server\\.(reconciliation\\.RunLock|monitors\\.MonitorLock|bank\\.ChannelLock)(\\$.*)?")
                .and().haveNameNotMatching("io\\.finrelay\\.engine\\.runtime\\.ClusterWakeUps(\\$.*)?")
                .should().callMethod(DataSource.class, "getConnection")
                .check(classes);
    }

    @Test
    void aHandlerThatHonoursAnIdempotencyKeySaysSoSoThatTheContractDeclaresIt() {
        // The contract declares the Idempotency-Key header and its 409/422 answers for the handlers marked
        // @AcceptsIdempotencyKey; a handler that runs its work through IdempotentRequests without the mark
        // would answer them undeclared.
        methods().that().areDeclaredInClassesThat().resideInAPackage("io.finrelay.server..")
                .and().areNotAnnotatedWith(AcceptsIdempotencyKey.class)
                .and().areDeclaredInClassesThat().doNotHaveSimpleName("IdempotentRequests")
                .should(new ArchCondition<JavaMethod>("not run their work through IdempotentRequests.execute...") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        method.getMethodCallsFromSelf().stream()
                                .filter(call -> call.getTargetOwner().isEquivalentTo(IdempotentRequests.class)
                                        && call.getName().startsWith("execute"))
                                .forEach(call -> events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                        + " calls " + call.getName() + " but is not marked @AcceptsIdempotencyKey")));
                    }
                })
                .check(classes);
    }

    @Test
    void tenantOwnedRowsAreReachedOnlyThroughTheOneTenantSqlGuard() {
        // TenantSql binds the tenant first and refuses a statement that does not filter on it. Only
        // classes whose statements touch no tenant-owned row (partners, their brands and tenants, identity look-ups
        // before any tenant is known, advisory locks (the monitors' round, a customer's credit decisions) and the
        // tenant list of the monitors' round, the health
        // probe, the backlog and business gauges' aggregates across tenants, the expense poller's question
        // which tenants are due, the partner's health, SLA figures and usage over its own tenants, and the usage counter,
        // which names its tenant as the argument of usage_add in the tenant's own transaction) prepare their own.
        noClasses().that().resideInAPackage("io.finrelay.server..")
                .and().haveNameNotMatching("io\\.finrelay\\.server\\.(tenancy\\.(TenantSql|Tenants|PartnerBrands)"
                        + "|security\\.(ApiKeys|Users|BootstrapKey)|masterdata\\.BankDetailSealing"
                        + "|expense\\.(ExpenseReferenceTables|ExpensePolling)|reconciliation\\.RunLock|bank\\.ChannelLock|monitors\\.MonitorLock|order\\.CreditLock"
                        + "|metrics\\.(BacklogGauges|BusinessGauges)|kpi\\.PartnerHealth|sla\\.Slas|usage\\.Usage"
                        + "|storage\\..*)(\\$.*)?")
                .should().callMethod(Connection.class, "prepareStatement", String.class)
                .orShould().callMethod(Connection.class, "createStatement")
                .orShould().callMethod(Connection.class, "prepareCall", String.class)
                .check(classes);
    }

    @Test
    void onlyWorkWithoutAnApiCallerNamesItsTenantToTenantSqlDirectly() {
        // Everything an API caller starts goes through a TenantScope; the TenantId form is for the
        // workflows' reads in the deciding transaction (expense, invoice, order), their connectors and verified
        // webhooks, whose tenant comes from an instance, a command or a signature.
        noClasses().that().resideOutsideOfPackages("io.finrelay.server.expense..", "io.finrelay.server.invoice..",
                        "io.finrelay.server.order..", "io.finrelay.server.tenancy..")
                .should().callMethod(TenantSql.class, "prepare", Connection.class, TenantId.class, String.class)
                .check(classes);
    }

    @Test
    void controllersHoldNoSql() {
        // SQL lives in the store classes beside the controllers; a controller checks access, reads
        // the request and answers.
        noClasses().that().areAnnotatedWith(RestController.class).or().haveSimpleNameEndingWith("Controller")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .orShould().accessClassesThat().areAssignableTo(Database.class)
                .check(classes);
    }
}
