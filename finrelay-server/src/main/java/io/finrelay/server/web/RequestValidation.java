package io.finrelay.server.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Checks a request body record against its Bean Validation constraints, AFTER the controller has
 * checked access: a caller outside the tenant gets its 404 and a caller without the permission its
 * 403 whatever it sent (Spring's {@code @Valid} would answer 400 first). A refusal is the same problem
 * as a {@code @Valid} refusal (see {@link ApiExceptionHandler}): 400 {@code validation}, every broken
 * field named with its rule.
 */
@Component
public class RequestValidation {
    private final Validator validator;

    public RequestValidation(Validator validator) {
        this.validator = validator;
    }

    /** The body, if it keeps its constraints; else a 400 naming each field. A missing body is refused too. */
    public <T> T check(T body) {
        if (body == null) {
            throw ApiProblem.invalid("body", null, "is required");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            List<ApiProblem.FieldError> errors = violations.stream()
                    .sorted(Comparator.comparing((ConstraintViolation<T> v) -> v.getPropertyPath().toString())
                            .thenComparing(ConstraintViolation::getMessage))
                    .map(RequestErrors::of).toList();
            throw ApiProblem.invalid(errors);
        }
        return body;
    }
}
