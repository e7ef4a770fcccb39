package io.finrelay.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error the API answers with as RFC 9457 problem+json. {@code type} is a short slug that becomes
 * {@code https://finrelay.io/problems/<slug>}; {@code properties} are extension members.
 */
public class ApiProblem extends RuntimeException {
    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, Object> properties;

    public ApiProblem(HttpStatus status, String type, String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.properties = new LinkedHashMap<>(properties);
    }

    public ApiProblem(HttpStatus status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    /** The same 404 whether the object does not exist or belongs to another tenant. */
    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " was not found");
    }

    /**
     * The database cannot be reached (down, restarting, or every connection busy): the request's
     * transaction did not complete, and the same request may be sent again. Should its commit have
     * happened with only the answer lost, the Idempotency-Key makes the repeat answer the first result.
     */
    public static ApiProblem databaseUnavailable() {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                "Finrelay cannot reach its database at the moment, so this request was not completed; send it again "
                        + "later (with the same Idempotency-Key, if it had one)",
                Map.of("retryAfterSeconds", DATABASE_RETRY_AFTER_SECONDS));
    }

    /** What a 503 for an unreachable database asks the client to wait: about a worker's longest pause. */
    static final long DATABASE_RETRY_AFTER_SECONDS = 5;

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    public static ApiProblem conflict(String type, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, type, "Conflict", detail);
    }

    public static ApiProblem invalid(List<FieldError> errors) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                errors.size() == 1 ? errors.getFirst().field() + ": " + errors.getFirst().reason()
                        : errors.size() + " fields are invalid",
                Map.of("errors", errors));
    }

    public static ApiProblem invalid(String field, Object rejectedValue, String reason) {
        return invalid(List.of(new FieldError(field, rejectedValue, reason)));
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    /**
     * One refused field: its path ({@code bankAccount.iban}), the value (if safe to show), why, and for
     * a declared constraint the rule it broke ({@code not-blank}, {@code size}, {@code pattern}, ...).
     */
    public record FieldError(String field, Object rejectedValue, String reason,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String rule) {
        /** A long value is quoted only by its start, and a value with forbidden characters not at all. */
        public FieldError {
            if (rejectedValue instanceof CharSequence text) {
                String s = text.toString();
                rejectedValue = TextRules.refusal(s).isPresent() ? null : TextRules.quote(s);
            }
            field = field == null ? null : TextRules.quote(field);
        }

        public FieldError(String field, Object rejectedValue, String reason) {
            this(field, rejectedValue, reason, null);
        }
    }
}
