package io.finrelay.server.invoice;

import io.finrelay.server.web.limits.LargeBodyRoute;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The upload route takes the invoice as the supplier sent it (the XML, a Factur-X / ZUGFeRD PDF, the
 * canonical invoice as JSON or a CSV export), not only JSON: the edge lets it through to the controller
 * (which checks its type), and holds it to 4 MiB, room for an invoice with a small attachment embedded in base64, or a PDF with its page and
 * the XML. Unlike a bank file it is held in memory: the schema check, the DOM the mappers walk and
 * PDFBox opening a PDF all need the whole document, and a few MiB per request is bounded.
 */
@Component
public class SupplierInvoiceRoute implements LargeBodyRoute {
    static final long MAX_BYTES = 4L * 1024 * 1024;
    private static final Pattern ROUTE = Pattern.compile("/v1/tenants/[^/]+/supplier-invoices/?");

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
