package io.finrelay.server.web.limits;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The limits are part of the published contract: every operation may answer 429 (with Retry-After),
 * every operation that takes a body may answer 413. Both as problem+json.
 */
@Configuration(proxyBeanMethods = false)
public class LimitsInOpenApi {
    private static final String RATE_LIMITED = "RateLimited";
    private static final String TOO_LARGE = "RequestTooLarge";

    @Bean
    OpenApiCustomizer limitResponses() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addResponses(RATE_LIMITED, problem("Too many requests from this client (rate-limited); retry after "
                            + "Retry-After seconds").addHeaderObject("Retry-After", new Header()
                            .description("seconds until a request is admitted again").schema(new IntegerSchema())))
                    .addResponses(TOO_LARGE, problem("The request body is larger than the API accepts (request-too-large)"));
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(LimitsInOpenApi::addLimits));
        };
    }

    private static void addLimits(Operation operation) {
        if (operation.getResponses() == null) {
            return;
        }
        operation.getResponses().addApiResponse("429", new ApiResponse().$ref("#/components/responses/" + RATE_LIMITED));
        if (operation.getRequestBody() != null) {
            operation.getResponses().addApiResponse("413", new ApiResponse().$ref("#/components/responses/" + TOO_LARGE));
        }
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType("application/problem+json",
                new MediaType().schema(new io.swagger.v3.oas.models.media.Schema<>().$ref("#/components/schemas/Problem"))));
    }
}
