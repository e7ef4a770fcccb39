package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.CorsFilter;

/** With an allow-list, listed origins get CORS, others a 403 problem; preflights never reach authentication. */
class CorsAllowListTest {
    private static final String PORTAL = "https://portal.nordlicht-handel.de";
    private final CorsFilter filter = CorsPolicy.filter(new CorsPolicy.Properties(List.of(PORTAL)),
            new Problems(new ObjectMapper()));

    private static MockHttpServletRequest preflight(String origin) {
        MockHttpServletRequest request = new MockHttpServletRequest("OPTIONS", "/v1/tenants/6f1c2d3e/vendors");
        request.addHeader("Origin", origin);
        request.addHeader("Access-Control-Request-Method", "POST");
        request.addHeader("Access-Control-Request-Headers", "authorization, content-type, idempotency-key");
        return request;
    }

    @Test
    void aListedOriginsPreflightIsAnsweredBeforeAuthentication() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(preflight(PORTAL), response, chain);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(PORTAL);
        assertThat(response.getHeader("Access-Control-Allow-Credentials")).isNull();
        assertThat(chain.getRequest()).as("the preflight goes no further").isNull();
    }

    @Test
    void anotherOriginsPreflightIsAProblem() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(preflight("https://evil.example"), response, chain);

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("https://finrelay.io/problems/cors-refused");
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void aListedOriginsReadGoesOnToAuthenticationWithTheAllowHeaders() throws Exception {
        MockHttpServletRequest read = new MockHttpServletRequest("GET", "/v1/tenants/6f1c2d3e/vendors");
        read.addHeader("Origin", PORTAL);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(read, response, chain);

        assertThat(chain.getRequest()).isSameAs(read);
        assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(PORTAL);
        assertThat(response.getHeader("Access-Control-Expose-Headers")).contains("Retry-After", "X-Correlation-Id");
    }
}
