package io.finrelay.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.lang.Nullable;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * CORS stays off: the API serves servers and integrations, not scripts on other sites' pages, so no
 * mapping has a CORS configuration and no answer allows an origin. Spring MVC then refuses every
 * preflight with 403; this makes that refusal problem+json like every other error.
 */
@Configuration(proxyBeanMethods = false)
public class CorsOff {
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
                        "Cross-origin request refused", "this API does not allow cross-origin requests from browsers"));
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
