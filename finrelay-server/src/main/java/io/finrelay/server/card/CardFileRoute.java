package io.finrelay.server.card;

import io.finrelay.server.web.limits.LargeBodyRoute;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The card transaction upload takes the issuer's CSV as well as JSON: the edge lets it through to the
 * controller (which checks its type) and holds it to 8 MiB, about 40,000 transactions, a month of a large
 * card programme. It is held in memory: the whole file is checked before any row is taken, so that a bad
 * file changes nothing.
 */
@Component
public class CardFileRoute implements LargeBodyRoute {
    static final int MAX_BYTES = 8 * 1024 * 1024;
    private static final Pattern ROUTE = Pattern.compile("/v1/tenants/[^/]+/card-transactions/?");

    @Override
    public boolean covers(HttpServletRequest request) {
        return "POST".equals(request.getMethod())
                && ROUTE.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches();
    }

    @Override
    public long maxBytes() {
        return MAX_BYTES;
    }
}
