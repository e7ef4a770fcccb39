package io.finrelay.demo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo stands on top: it uses the server and the sandbox, and nothing of the product (server,
 * engine, workflows, connectors, formats, model) or of the sandbox uses it. The server's own
 * ArchitectureTest cannot see this module (it is not on the server's class path), hence this test.
 */
class DemoArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
                .importPackages("io.finrelay");
    }

    @Test
    void nothingOutsideTheDemoDependsOnIt() {
        noClasses().that().resideOutsideOfPackage("io.finrelay.demo..")
                .should().dependOnClassesThat().resideInAPackage("io.finrelay.demo..")
                .check(classes);
    }

    @Test
    void theSandboxKnowsNeitherTheServerNorTheDemo() {
        noClasses().that().resideInAPackage("io.finrelay.sandbox..")
                .should().dependOnClassesThat().resideInAnyPackage("io.finrelay.server..", "io.finrelay.demo..",
                        "io.finrelay.engine..")
                .check(classes);
    }
}
