package io.finrelay.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.finrelay.engine.db.Database;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.security.TenantScope;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
        // The demo launcher starts the sandbox in-process; nothing else of the product may touch it.
        noClasses().that().resideOutsideOfPackages("io.finrelay.sandbox..", "io.finrelay.server.demo..")
                .should().dependOnClassesThat().resideInAPackage("io.finrelay.sandbox..")
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
        // tenant is known yet), the access check (TenantDirectory), the bootstrap key, a partner admin's
        // work on the partner's own people (UserController, IdempotentRequests' partner form), the
        // benchmark's security-off switch and the demo set-up may use it.
        noClasses().that().resideInAPackage("io.finrelay.server..")
                .and().haveNameNotMatching("io\\.finrelay\\.server\\.(security\\.(ApiKeyFilter|BootstrapKey|Access"
                        + "|TenantDirectory|TokenController|UserController|SecurityOffFilter)"
                        + "|web\\.IdempotentRequests|demo\\.DemoLauncher)(\\$.*)?")
                .should().callMethod(Database.class, "inSystem", Database.Work.class)
                .check(classes);
    }

    @Test
    void connectionsComeFromDatabaseWhichPutsThemBehindTheTenantWall() {
        // A connection taken from the pool directly runs as the schema owner, past row-level security.
        // Only the bank file ledger holds its own transactions, and it enters its tenant first; the
        // reconciliation's run lock holds a session advisory lock on a connection that reads no table.
        noClasses().that().resideOutsideOfPackages("io.finrelay.engine.db..", "io.finrelay.testkit..")
                .and().haveNameNotMatching("io\\.finrelay\\.server\\.(bank\\.JdbcBankFiles|reconciliation\\.RunLock)(\\$.*)?")
                .should().callMethod(DataSource.class, "getConnection")
                .check(classes);
    }
}
