package io.finrelay.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** Builds every problem+json body the same way, for controllers, filters and the error page alike. */
@Component
public class Problems {
    public static final String TYPE_BASE = "https://finrelay.io/problems/";
    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final ObjectMapper json;

    public Problems(ObjectMapper json) {
        this.json = json;
    }

    public static ProblemDetail detail(HttpStatusCode status, String type, String title, String detail,
                                       HttpServletRequest request, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, safe(detail));
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        if (request != null) {
            problem.setInstance(URI.create(request.getRequestURI()));
            problem.setProperty("correlationId", Correlation.of(request));
        }
        properties.forEach(problem::setProperty);
        return problem;
    }

    private static final java.util.regex.Pattern INTERNAL_NAME = java.util.regex.Pattern.compile(
            "\\b(?:java|javax|jakarta|sun|com\\.fasterxml|org\\.springframework|org\\.apache|org\\.postgresql|io\\.finrelay)"
                    + "(?:\\.[A-Za-z_$][\\w$]*)+");
    private static final int MAX_DETAIL = 400;

    /**
     * A detail as a client may see it: no Java class names (a message passed through from a library
     * must not show the server's insides) and no more than a few hundred characters (a refused value
     * is quoted by its start only).
     */
    static String safe(String detail) {
        if (detail == null) {
            return null;
        }
        String out = INTERNAL_NAME.matcher(detail).replaceAll("(internal)");
        if (TextRules.refusal(out).isPresent()) {
            StringBuilder clean = new StringBuilder(out.length());
            out.codePoints().forEach(cp -> {
                String one = new String(Character.toChars(cp));
                clean.append(TextRules.refusal(one).isPresent() ? "\uFFFD" : one);
            });
            out = clean.toString();
        }
        return out.length() <= MAX_DETAIL ? out : out.substring(0, MAX_DETAIL) + "…";
    }

    public static ResponseEntity<Object> entity(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(PROBLEM_JSON).body(body(problem));
    }

    /**
     * The problem as the JSON members RFC 9457 names, extension members flat beside them. Written by
     * hand so that the shape does not depend on how a Jackson version treats ProblemDetail's any-getter.
     */
    public static Map<String, Object> body(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            body.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            problem.getProperties().forEach(body::putIfAbsent);
        }
        return body;
    }

    /** The problem as an answer; one that says when to come back ({@code retryAfterSeconds}) also has {@code Retry-After}. */
    public static ResponseEntity<Object> entity(ApiProblem problem, HttpServletRequest request) {
        ProblemDetail detail = detail(problem.status(), problem.type(), problem.title(), problem.getMessage(), request,
                problem.properties());
        if (problem.properties().get("retryAfterSeconds") instanceof Long seconds) {
            return ResponseEntity.status(problem.status()).header(org.springframework.http.HttpHeaders.RETRY_AFTER,
                    seconds.toString()).contentType(PROBLEM_JSON).body(body(detail));
        }
        return entity(detail);
    }

    /** Writes a problem straight to the response, for filters that answer before any controller. */
    public void write(HttpServletResponse response, HttpServletRequest request, ApiProblem problem) throws IOException {
        ProblemDetail body = detail(problem.status(), problem.type(), problem.title(), problem.getMessage(), request,
                problem.properties());
        response.setStatus(problem.status().value());
        if (problem.properties().get("retryAfterSeconds") instanceof Long seconds) {
            response.setHeader(org.springframework.http.HttpHeaders.RETRY_AFTER, seconds.toString());
        }
        response.setContentType(PROBLEM_JSON.toString());
        json.writeValue(response.getOutputStream(), body(body));
    }
}
