package io.finrelay.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcRegistrations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.lang.Nullable;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * CORS is off unless {@code finrelay.api.cors.allowed-origins} names origins: the API serves servers and
 * integrations, not scripts on other sites' pages. Off, no mapping has a CORS configuration and Spring
 * MVC refuses every preflight with 403, made problem+json here like every other error. With an
 * allow-list, Spring's {@link CorsFilter} answers preflights before authentication (a browser sends
 * them without credentials) and adds the allow headers to the listed origins' requests only.
 */
@Configuration(proxyBeanMethods = false)
public class CorsPolicy {
    /** @param allowedOrigins exact origins such as {@code https://portal.example.com}; empty keeps CORS off */
    @ConfigurationProperties("finrelay.api.cors")
    public record Properties(List<String> allowedOrigins) {
        public Properties {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }

    @Bean
    WebMvcRegistrations problemCorsRefusals(Problems problems) {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
                mapping.setCorsProcessor(new ProblemCorsProcessor(problems));
                return mapping;
            }
        };
    }

    /** Installed only with an allow-list; after the address limit and size check, before authentication. */
    @Bean
    FilterRegistrationBean<CorsFilter> corsAllowList(Properties properties, Problems problems) {
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter(properties, problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 7);
        registration.setEnabled(!properties.allowedOrigins().isEmpty());
        return registration;
    }

    static CorsFilter filter(Properties properties, Problems problems) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(properties.allowedOrigins());
        config.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        config.setAllowedHeaders(List.of("Authorization", "X-Api-Key", "Content-Type", "Idempotency-Key",
                "X-Correlation-Id", "traceparent"));
        config.setExposedHeaders(List.of("Location", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining",
                "RateLimit-Reset", "X-Correlation-Id", "Idempotent-Replayed"));
        // Keys travel in headers, never in cookies: no credentials mode.
        config.setAllowCredentials(false);
        config.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/v1/**", config);
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new ProblemCorsProcessor(problems));
        return filter;
    }

    private static final class ProblemCorsProcessor extends DefaultCorsProcessor {
        private final Problems problems;

        ProblemCorsProcessor(Problems problems) {
            this.problems = problems;
        }

        @Override
        public boolean processRequest(@Nullable CorsConfiguration config, HttpServletRequest request,
                                      HttpServletResponse response) throws IOException {
            boolean allowed = super.processRequest(config, request, response);
            if (!allowed) {
                problems.write(response, request, new ApiProblem(HttpStatus.FORBIDDEN, "cors-refused",
                        "Cross-origin request refused", "this API does not allow cross-origin requests from this origin"));
            }
            return allowed;
        }

        /** Only the status here: the body is the problem written above. */
        @Override
        protected void rejectRequest(ServerHttpResponse response) {
            response.setStatusCode(HttpStatus.FORBIDDEN);
        }
    }
}
