package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.server.ServerIT;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Every endpoint the running application maps is under /v1/, except health, the error page and well-known URIs. */
class ApiVersioningIT extends ServerIT {
    private static final Set<String> UNVERSIONED = Set.of("/health", "/health/live", "/error");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Test
    void everyMappedPathIsVersioned() {
        List<String> paths = mappings.getHandlerMethods().keySet().stream()
                .flatMap(info -> info.getPatternValues().stream()).sorted().toList();

        assertThat(paths).as("the application maps its API").contains("/v1/tenants/{tenantId}", "/v1/openapi.json");
        // The console's pages (/ui) are for people, not an API: they call the versioned API's controllers.
        assertThat(paths).allSatisfy(path -> assertThat(path.startsWith("/v1/") || UNVERSIONED.contains(path)
                || path.startsWith("/.well-known/") || path.equals("/ui") || path.startsWith("/ui/"))
                .as(path + " is under /v1/").isTrue());
    }
}
