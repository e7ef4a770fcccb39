package io.finrelay.server.web;

import io.finrelay.server.security.ApiKeyFilter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The error answers are part of the published contract, declared for every operation by the same
 * rules the server applies, so that a new endpoint is born with them:
 * <ul>
 *   <li>every answer is the one {@code Problem} schema (RFC 9457 as {@link ApiProblem} writes it, with
 *       {@code errors[]} naming each refused field);</li>
 *   <li>401 for every operation (no or a wrong bearer key; for the public token and webhook endpoints:
 *       wrong credentials or signature), 403 for every operation behind a key (the role matrix);</li>
 *   <li>400 for every operation with parameters or a body (the edge checks and Bean Validation);</li>
 *   <li>404 for every operation on a path with an id (also for another tenant's ids: the wall says
 *       nothing about what it hides);</li>
 *   <li>the public operations ({@link ApiKeyFilter#PUBLIC}, the signed webhooks) need no bearer key.</li>
 * </ul>
 * 409 and 422 are declared on the operations that answer them, where they are.
 */
@Configuration(proxyBeanMethods = false)
public class ProblemsInOpenApi {
    static final String PROBLEM = "Problem";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema())
                    .addResponses("BadRequest", problem("A parameter or the body breaks a rule: errors[] names each field, "
                            + "the rule and at most a short prefix of the refused value (validation)"))
                    .addResponses("Unauthenticated", problem("No valid credentials: a missing, unknown, revoked or expired "
                            + "bearer key or token; for tokens and webhooks: wrong credentials or signature"))
                    .addResponses("Forbidden", problem("The caller's role may not do this (the role matrix), or a duty "
                            + "rule (four eyes, segregation of duties) refuses it; the attempt is audited"))
                    .addResponses("NotFound", problem("No such object in the caller's tenant (another tenant's objects "
                            + "are not found either)"))
                    .addResponses("Conflict", problem("The request does not fit the current state: the workflow refused "
                            + "the event in its state, or the name or key is taken, or an Idempotency-Key was reused with "
                            + "another body"));
            openApi.getComponents().addResponses("Unprocessable", problem("Well-formed, but its content breaks a "
                    + "business rule (an invalid e-invoice names each rule and element; an id already used with other "
                    + "content; a bank file that fails its checks, quarantined): nothing was stored"));
            openApi.getComponents().addResponses("UnsupportedMediaType", problem("The body is not of a media type this "
                    + "operation reads"));
            openApi.getComponents().addResponses("KeyReused", problem("The Idempotency-Key was used before with another "
                    + "request body: nothing was done"));
            openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(op -> declare(path, op)));
        };
    }

    /**
     * The handlers marked {@link AcceptsIdempotencyKey} declare the header and what a reused key answers:
     * 409 while the first request is being processed, 422 when it came with another body.
     */
    @Bean
    OperationCustomizer idempotencyKeys() {
        return (operation, handler) -> {
            if (handler.hasMethodAnnotation(AcceptsIdempotencyKey.class)) {
                operation.addParametersItem(new HeaderParameter().name(IdempotentRequests.HEADER).required(false)
                        .description("Makes a retry safe: the same key with the same body is answered as the first time "
                                + "(with header " + IdempotentRequests.REPLAYED + ": true); with another body it is a 422; "
                                + "while the first is still being processed, a 409")
                        .schema(new StringSchema().maxLength(255)));
                if (operation.getResponses() != null) {
                    operation.getResponses().addApiResponse("409", ref("Conflict"));
                    operation.getResponses().addApiResponse("422", ref("KeyReused"));
                }
            }
            return operation;
        };
    }

    static boolean isPublic(String path) {
        return ApiKeyFilter.PUBLIC.contains(path) || path.startsWith(ApiKeyFilter.WEBHOOKS);
    }

    private static void declare(String path, Operation op) {
        if (op.getResponses() == null) {
            return;
        }
        boolean open = isPublic(path);
        if (open) {
            op.setSecurity(List.of()); // security: [] — no bearer key
        }
        if (!path.startsWith("/health")) {
            op.getResponses().addApiResponse("401", ref("Unauthenticated"));
        }
        if (!open) {
            op.getResponses().addApiResponse("403", ref("Forbidden"));
        }
        if ((op.getParameters() != null && !op.getParameters().isEmpty()) || op.getRequestBody() != null) {
            op.getResponses().addApiResponse("400", ref("BadRequest"));
        }
        if (path.contains("{")) {
            op.getResponses().addApiResponse("404", ref("NotFound"));
        }
    }

    private static ApiResponse ref(String name) {
        return new ApiResponse().$ref("#/components/responses/" + name);
    }

    /** An answer whose body is the one Problem schema. */
    static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType("application/problem+json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    private static Schema<?> problemSchema() {
        ObjectSchema fieldError = new ObjectSchema();
        fieldError.addProperty("field", new StringSchema().description("the field or parameter, e.g. lines[2].amount"));
        fieldError.addProperty("rejectedValue", new StringSchema().description("at most a short prefix of what was sent"));
        fieldError.addProperty("reason", new StringSchema().description("the rule it breaks"));
        ObjectSchema problem = new ObjectSchema();
        problem.description("RFC 9457 problem details, as every error of the API is answered");
        problem.addProperty("type", new StringSchema().format("uri").description("the kind of problem"));
        problem.addProperty("title", new StringSchema());
        problem.addProperty("status", new IntegerSchema());
        problem.addProperty("detail", new StringSchema().description("what went wrong, in words; never a class name"));
        problem.addProperty("instance", new StringSchema().description("the request path"));
        problem.addProperty("correlationId", new StringSchema().description("to find the request in the logs and the audit trail"));
        problem.addProperty("errors", new ArraySchema().items(fieldError).description("each refused field (validation)"));
        problem.setRequired(List.of("type", "title", "status"));
        return problem;
    }
}
