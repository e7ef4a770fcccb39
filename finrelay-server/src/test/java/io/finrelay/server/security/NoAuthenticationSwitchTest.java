package io.finrelay.server.security;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.finrelay.server.console.ConsoleFilter;
import jakarta.servlet.ServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Nothing in the production jar switches authentication off: the authentication filter is there
 * whatever the configuration says, and it is the only code that names the caller of a request.
 * (The authentication benchmark measures its baseline with a configuration of its own, in the
 * benchmark jar.)
 */
class NoAuthenticationSwitchTest {
    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.finrelay.server");

    @Test
    void theAuthenticationFilterIsNotConditionalOnAnySetting() {
        assertThat(ApiKeyFilter.class.getAnnotation(ConditionalOnProperty.class)).isNull();
        assertThat(ApiKeyFilter.class.getAnnotation(ConditionalOnExpression.class)).isNull();
        assertThat(ConsoleFilter.class.getAnnotation(ConditionalOnProperty.class)).isNull();
        assertThat(ConsoleFilter.class.getAnnotation(ConditionalOnExpression.class)).isNull();
    }

    @Test
    void onlyTheAuthenticationFiltersAndTheCorrelationFilterSetRequestAttributes() {
        // ApiKeyFilter authenticates the API (a key or a bearer token), ConsoleFilter the console's pages (the
        // session cookie holding the person's token, verified as the API verifies it).
        noClasses().that().doNotHaveSimpleName("ApiKeyFilter").and().doNotHaveSimpleName("ConsoleFilter")
                .and().doNotHaveSimpleName("CorrelationFilter")
                .should().callMethodWhere(DescribedPredicate.describe("ServletRequest.setAttribute", call ->
                        call.getName().equals("setAttribute") && call.getTargetOwner().isAssignableTo(ServletRequest.class)))
                .because("the caller's principal is a request attribute, and only authentication may set it")
                .check(SERVER);
    }
}
