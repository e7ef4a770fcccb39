package io.finrelay.server.web;

import io.finrelay.engine.db.DatabaseOutage;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors that never reached a controller (the servlet container's own) also answer problem+json. */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<Object> error(HttpServletRequest request) {
        // A filter's database call that met an outage (the servlet container caught it before any handler).
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DatabaseOutage.isOutage(failure)) {
            return Problems.entity(ApiProblem.databaseUnavailable(), request);
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null
                ? HttpStatus.valueOf(i) : HttpStatus.INTERNAL_SERVER_ERROR;
        String detail = status.is5xxServerError()
                ? "the request failed unexpectedly; quote the correlation id to find it in the log"
                : status.getReasonPhrase();
        String type = status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        return Problems.entity(Problems.detail(status, type, status.getReasonPhrase(), detail, request, Map.of()));
    }
}
