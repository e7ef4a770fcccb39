package io.finrelay.server.web.limits;

import io.finrelay.server.web.ApiProblem;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request body grew past {@code finrelay.api.max-request-bytes} while it was read. An IOException,
 * so that it travels up through whatever reads the body (a JSON parser, a byte array) and the request
 * fails before any of it is applied.
 */
public class RequestTooLarge extends IOException {
    private static final long serialVersionUID = 1L;
    private final long maxBytes;

    public RequestTooLarge(long maxBytes) {
        super("the request body is larger than " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    public ApiProblem problem() {
        return problem(maxBytes);
    }

    static ApiProblem problem(long maxBytes) {
        return new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large", "Request body too large",
                "the request body is larger than the " + maxBytes + " bytes this API accepts",
                Map.of("maxRequestBytes", maxBytes));
    }
}
