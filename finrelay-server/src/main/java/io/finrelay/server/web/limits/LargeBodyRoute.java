package io.finrelay.server.web.limits;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A route that takes request bodies larger than {@code finrelay.api.max-request-bytes} (a bank file
 * upload): {@link RequestSizeFilter} holds its requests to {@link #maxBytes()} instead. Such a route
 * must stream its body (to a file or a parser), never hold it in memory.
 */
public interface LargeBodyRoute {
    boolean covers(HttpServletRequest request);

    long maxBytes();
}
