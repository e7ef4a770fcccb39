package io.finrelay.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.finrelay.engine.db.DatabaseOutage;
import io.finrelay.engine.exception.ExceptionQueue;
import io.finrelay.model.ValidationException;
import io.finrelay.server.web.limits.RequestTooLarge;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into RFC 9457 problem+json: ours ({@link ApiProblem}), the model's validation
 * errors (naming the field), the engine's refusals, and Spring MVC's own (unknown route, bad JSON,
 * wrong media type). A 500 never carries a stack trace or an internal message, only the correlation
 * id to find it in the log. A database that cannot be reached is a 503 with {@code Retry-After}.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem problem, HttpServletRequest request) {
        return Problems.entity(problem, request);
    }

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<Object> invalid(ValidationException e, HttpServletRequest request) {
        return Problems.entity(ApiProblem.invalid(e.field(), e.rejectedValue() == null ? null : e.rejectedValue().toString(),
                e.reason()), request);
    }

    @ExceptionHandler(ExceptionQueue.ActionRefused.class)
    ResponseEntity<Object> refused(ExceptionQueue.ActionRefused e, HttpServletRequest request) {
        return Problems.entity(ApiProblem.conflict("action-refused", e.getMessage()), request);
    }

    /** A body that grew past the size limit while a controller read it itself (see RequestSizeFilter). */
    @ExceptionHandler(RequestTooLarge.class)
    ResponseEntity<Object> tooLarge(RequestTooLarge e, HttpServletRequest request) {
        return Problems.entity(e.problem(), request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<Object> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return Problems.entity(ApiProblem.invalid(e.getHeaderName(), null, "header is required"), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return Problems.entity(ApiProblem.invalid(e.getName(), String.valueOf(e.getValue()),
                "is not a valid " + (e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName())),
                request);
    }

    /**
     * A date or time a controller parsed itself from the body or a parameter; which field is not known
     * here, so the problem says what was wrong and quotes the start of the value.
     */
    @ExceptionHandler(java.time.format.DateTimeParseException.class)
    ResponseEntity<Object> badDate(java.time.format.DateTimeParseException e, HttpServletRequest request) {
        return Problems.entity(ApiProblem.invalid("body", e.getParsedString(),
                "a date or time is not valid ISO-8601 (e.g. 2026-04-17 or 2026-04-17T09:30:00Z)"), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        if (DatabaseOutage.isOutage(e)) {
            // An operating condition, not a bug: one line, no stack trace; the client is told to come back.
            log.warn("{} {} answered 503: the database is unavailable ({})", request.getMethod(),
                    request.getRequestURI(), e.getMessage());
            return apiProblem(ApiProblem.databaseUnavailable(), request);
        }
        log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return Problems.entity(new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "the request failed unexpectedly; quote the correlation id to find it in the log"), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (ex.getMostSpecificCause() instanceof RequestTooLarge tooLarge) {
            return Problems.entity(tooLarge.problem(),
                    ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class));
        }
        HttpServletRequest servlet = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        // The edge's own check of the body (control characters, size, nesting) names its field itself.
        if (ex.getMostSpecificCause() instanceof ApiProblem problem) {
            return Problems.entity(problem, servlet);
        }
        ApiProblem.FieldError error = ex.getMostSpecificCause() instanceof JsonProcessingException json
                ? RequestErrors.unreadable(json)
                : new ApiProblem.FieldError("body", null, "the request body is missing or is not JSON", "json");
        String detail = "the request body could not be read: "
                + ("body".equals(error.field()) ? error.reason() : error.field() + " " + error.reason());
        ApiProblem problem = new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                detail, Map.of("errors", List.of(error)));
        return Problems.entity(problem, servlet);
    }

    /** A record body that broke its declared constraints ({@code @Valid}): every field named, with its rule. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return Problems.entity(ApiProblem.invalid(RequestErrors.of(ex)),
                ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class));
    }

    /** Constraints on parameters (a query parameter's range, a path variable's pattern). */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        return Problems.entity(ApiProblem.invalid(RequestErrors.of(ex)),
                ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class));
    }

    /** Spring MVC's own errors: keep their status and detail, give them our type, instance and correlation id. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        HttpServletRequest servlet = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        String detail = body instanceof ProblemDetail pd && pd.getDetail() != null ? pd.getDetail() : ex.getMessage();
        HttpStatus status = HttpStatus.resolve(statusCode.value());
        String title = status != null ? status.getReasonPhrase() : "Error";
        String type = status != null ? status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') : "error";
        ProblemDetail problem = Problems.detail(statusCode, type, title, detail, servlet, Map.of());
        HttpHeaders out = new HttpHeaders();
        out.addAll(headers);
        out.setContentType(Problems.PROBLEM_JSON);
        return ResponseEntity.status(statusCode).headers(out).body(Problems.body(problem));
    }
}
