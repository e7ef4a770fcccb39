package io.finrelay.server.tenancy;

import io.finrelay.server.web.limits.LargeBodyRoute;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The partner's logo is a PNG, not JSON: the edge lets it through to the controller (which checks its type
 * after the access check, as the other file uploads do) and holds it to the logo's own limit, far below
 * the API's usual one.
 */
@Component
public class PartnerLogoRoute implements LargeBodyRoute {
    private static final Pattern ROUTE = Pattern.compile("/v1/partners/[^/]+/brand/logo/?");

    @Override
    public boolean covers(HttpServletRequest request) {
        return "PUT".equals(request.getMethod())
                && ROUTE.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches();
    }

    @Override
    public long maxBytes() {
        return PartnerController.MAX_LOGO_BYTES;
    }
}
