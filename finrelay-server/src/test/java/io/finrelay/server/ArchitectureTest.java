package io.finrelay.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.security.TenantScope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way, down: the server may use everything, nothing uses the server, the
 * engine knows no Spring, and the model knows no framework, no JDBC and no JSON library. Within the
 * server, only the access check makes a {@link TenantScope}.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.finrelay");
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
}
