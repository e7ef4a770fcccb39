package io.finrelay.server.web;

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
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into RFC 9457 problem+json: ours ({@link ApiProblem}), the model's validation
 * errors (naming the field), the engine's refusals, and Spring MVC's own (unknown route, bad JSON,
 * wrong media type). A 500 never carries a stack trace or an internal message, only the correlation
 * id to find it in the log.
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

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
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
        String reason = ex.getMostSpecificCause() instanceof com.fasterxml.jackson.core.JsonProcessingException json
                ? json.getOriginalMessage() : "the request body is missing or is not JSON";
        HttpServletRequest servlet = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        String field = "body";
        if (ex.getCause() instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            // A value of the wrong type for a typed body (a date that is not a date): name the field.
            field = mismatch.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : "[" + r.getIndex() + "]").reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
        }
        ApiProblem problem = new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                "the request body could not be read: " + reason, Map.of("errors",
                List.of(new ApiProblem.FieldError(field, null, reason))));
        return Problems.entity(problem, servlet);
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
