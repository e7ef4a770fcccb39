package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.server.ServerIT;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * CORS is off: the API is for servers and integrations, not for scripts in other sites' pages, so no
 * answer carries an Access-Control-Allow-* header and a browser refuses every cross-origin call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorsIT extends ServerIT {
    private static final String ORIGIN = "https://portal.example-partner.com";
    private TestTenant tenant;

    @BeforeAll
    void tenant() {
        tenant = newTenant("Cors");
    }

    private static void assertNoCors(Answer answer) {
        assertThat(answer.raw().headers().map().keySet())
                .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-"));
    }

    @Test
    void aPreflightIsNotAllowedWithOrWithoutAKey() {
        Map<String, String> preflight = Map.of("Origin", ORIGIN, "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type");
        Answer anonymous = call("OPTIONS", tenant.path("/vendors"), null, null, preflight);
        assertThat(anonymous.status()).isEqualTo(401);
        assertNoCors(anonymous);
        Answer keyed = call("OPTIONS", tenant.path("/vendors"), tenant.adminKey(), null, preflight);
        assertThat(keyed.status()).isEqualTo(403);
        assertThat(keyed.contentType()).startsWith("application/problem+json");
        assertThat(keyed.body().get("type").asText()).isEqualTo("https://finrelay.io/problems/cors-refused");
        assertNoCors(keyed);
    }

    @Test
    void aCrossOriginReadGetsNoAllowOrigin() {
        Answer read = call("GET", tenant.path(""), tenant.adminKey(), null, Map.of("Origin", ORIGIN));
        assertThat(read.status()).isEqualTo(200);
        assertNoCors(read);
        assertNoCors(call("GET", "/health", null, null, Map.of("Origin", ORIGIN)));
        assertNoCors(call("GET", "/v1/openapi.json", null, null, Map.of("Origin", ORIGIN)));
    }
}
