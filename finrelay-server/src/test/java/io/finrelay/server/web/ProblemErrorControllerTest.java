package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.db.DatabaseException;
import jakarta.servlet.RequestDispatcher;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The servlet container's error page: a filter's database call that met an outage (the container caught
 * it before any handler could) is a 503 to come back later, as it is from a controller; anything else
 * that reached it is the plain 500 with nothing of the server's insides.
 */
class ProblemErrorControllerTest {
    private final ProblemErrorController errors = new ProblemErrorController();

    private static MockHttpServletRequest failed(Throwable failure) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, failure);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/v1/tenants/4f0c2b1e-7a55-4c8e-9d2a-1b3c5d7e9f01/exceptions");
        return request;
    }

    @Test
    void aFilterThatCouldNotReachTheDatabaseIsAnswered503WithRetryAfter() {
        ResponseEntity<Object> answer = errors.error(failed(new jakarta.servlet.ServletException(new DatabaseException(
                new SQLTransientConnectionException("finrelay - Connection is not available, request timed out after 5000ms",
                        "08001", new SQLException("Connection to db.internal:5432 refused", "08001"))))));
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) answer.getBody();
        assertThat(body).containsEntry("type", "https://finrelay.io/problems/database-unavailable")
                .containsEntry("title", "Database unavailable").containsEntry("status", 503);
        assertThat(body.toString()).doesNotContain("refused", "Hikari", "SQL", "Exception");
    }

    @Test
    void anyOtherFailureStaysThePlain500() {
        ResponseEntity<Object> answer = errors.error(failed(new IllegalStateException("bank channel ledger out of step")));
        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isNull();
        assertThat(answer.getBody().toString()).doesNotContain("ledger", "IllegalStateException");
    }
}
