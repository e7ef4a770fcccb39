package io.finrelay.server.invoice;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.einvoice.EInvoiceException;
import io.finrelay.einvoice.EInvoiceReader;
import io.finrelay.einvoice.SupplierInvoiceJson;
import io.finrelay.model.invoice.RuleViolation;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Supplier invoice intake (issue 11): {@code POST /v1/tenants/{t}/supplier-invoices} with the
 * e-invoice XML (UBL 2.1 Invoice/CreditNote or UN/CEFACT CII D16B), or a Factur-X / ZUGFeRD PDF
 * ({@code application/pdf}) whose embedded CII XML is read the same way, or the canonical invoice as
 * JSON ({@code application/json}), or a legacy CSV export ({@code text/csv}). 201 with the new record and its
 * {@code Location}; 200 with the earlier record when the tenant already has that document; 409 when
 * the seller already sent a different document under that number; 422 naming every EN 16931 rule
 * (or schema error) and the element it is about.
 */
@RestController
public class SupplierInvoiceController {
    private static final String PDF = "application/pdf";
    private static final String JSON = "application/json";
    private static final String CSV = "text/csv";
    private static final Map<String, SupplierInvoices.Format> ACCEPTED = Map.of("application/xml",
            SupplierInvoices.Format.XML, "text/xml", SupplierInvoices.Format.XML, PDF, SupplierInvoices.Format.PDF,
            JSON, SupplierInvoices.Format.JSON, CSV, SupplierInvoices.Format.CSV);
    private static final Set<String> STATES = Set.of("RECEIVED", "INVALID", "HELD", "MATCHING", "AWAITING_APPROVAL", "POSTING",
            "SCHEDULED", "PAYING", "PAYMENT_REJECTED", "PAID", "NETTED", "REFUSED", "CANCELLED");

    /**
     * The stored invoice: the canonical SupplierInvoice ({@code invoice}), where it stands, and (on a
     * single invoice) its workflow: why it is held, who approved it, its ERP reference, its payment plan
     * and its timeline.
     */
    public record SupplierInvoiceView(UUID id, String state, String syntax, String sha256, Instant receivedAt,
                                      @Schema(description = "the canonical SupplierInvoice; amounts are decimal "
                                              + "strings in the invoice currency") JsonNode invoice,
                                      InvoiceProgress workflow) {
        static SupplierInvoiceView of(SupplierInvoices.Row r, InvoiceProgress workflow) {
            return new SupplierInvoiceView(r.id(), r.state(), r.syntax(), r.sha256(), r.receivedAt(), r.invoice(), workflow);
        }
    }

    /** One line of the list. */
    public record SupplierInvoiceSummary(UUID id, String state, String kind, String number, String seller,
                                         String sellerName, LocalDate issueDate, String payable, String currency,
                                         Instant receivedAt, String hold, String erpRef, LocalDate payOn,
                                         String payAmount, Boolean discountTaken) {
        static SupplierInvoiceSummary of(SupplierInvoices.Row r) {
            return new SupplierInvoiceSummary(r.id(), r.state(), r.kind(), r.number(), r.sellerKey(), r.sellerName(),
                    r.issueDate(), r.payable().toPlainString(), r.currency(), r.receivedAt(), r.holdCode(), r.erpRef(),
                    r.payOn(), r.payAmount() == null ? null : r.payAmount().toPlainString(), r.discountTaken());
        }
    }

    public record Page(List<SupplierInvoiceSummary> items, String next) {}

    private final Access access;
    private final SupplierInvoices invoices;
    private final InvoiceWorkflow workflow;
    private final io.finrelay.server.web.JsonBodyCheck jsonBody;

    public SupplierInvoiceController(Access access, SupplierInvoices invoices, InvoiceWorkflow workflow,
                                     io.finrelay.server.web.JsonBodyCheck jsonBody) {
        this.jsonBody = jsonBody;
        this.access = access;
        this.invoices = invoices;
        this.workflow = workflow;
    }

    /**
     * Takes in a supplier e-invoice (UBL 2.1 or UN/CEFACT CII XML, or a Factur-X / ZUGFeRD PDF with the
     * CII XML embedded), the canonical invoice as JSON, or a CSV export, checked against the EN 16931 rules
     * (and the XML schemas).
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created: the invoice, taken in", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The same content again: the earlier record, nothing changed", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "415", ref = "#/components/responses/UnsupportedMediaType")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", ref = "#/components/responses/Unprocessable")
    @PostMapping("/v1/tenants/{tenantId}/supplier-invoices")
    @Operation(operationId = "uploadSupplierInvoice")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the e-invoice as the "
            + "supplier sent it: the XML (UBL 2.1 Invoice or CreditNote, or UN/CEFACT CII D16B CrossIndustryInvoice), "
            + "or a Factur-X / ZUGFeRD PDF/A-3 embedding the CII XML (factur-x.xml, zugferd-invoice.xml or xrechnung.xml); "
            + "or the canonical supplier invoice as JSON; or a legacy CSV export, one row per invoice line",
            content = {
            @Content(mediaType = "application/xml", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "text/xml", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = PDF, schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = JSON, schema = @Schema(implementation = SupplierInvoiceJson.class, description = "the "
                    + "canonical supplier invoice, in the shape a stored invoice's `invoice` is shown in; amounts, "
                    + "quantities and rates as JSON numbers or decimal strings (\"4675.00\"), never more decimals "
                    + "than the currency has")),
            @Content(mediaType = CSV, schema = @Schema(type = "string", description = "one invoice: a header row, "
                    + "then one row per invoice line; columns in the server README"))})
    public ResponseEntity<SupplierInvoiceView> upload(@PathVariable UUID tenantId, HttpServletRequest request)
            throws IOException {
        TenantScope scope = access.tenant(tenantId, Action.SUBMIT_EVENTS);
        SupplierInvoices.Format format = checkContentType(request.getContentType());
        byte[] document = request.getInputStream().readAllBytes();
        if (document.length == 0) {
            throw ApiProblem.invalid("body", null, "is empty: send the e-invoice XML or PDF, the canonical invoice "
                    + "as JSON or the CSV export as the request body");
        }
        if (format == SupplierInvoices.Format.JSON) {
            // The edge's check of every JSON body (text rules, numbers, depth): the body is read here, not bound.
            jsonBody.check(document);
        }
        SupplierInvoices.Intake intake;
        try {
            if (format == SupplierInvoices.Format.PDF) {
                // Said to be a PDF: bytes that are not one are refused as such, not read as XML.
                EInvoiceReader.requirePdf(document);
            }
            intake = invoices.take(scope, document, format, Correlation.of(request));
        } catch (EInvoiceException e) {
            throw refused(e.violations());
        }
        // Started after the intake's commit; the same upload again (after a crash in between) starts it then.
        workflow.start(scope, intake.row().id(), intake.invoice(), Correlation.of(request));
        URI location = URI.create("/v1/tenants/" + tenantId + "/supplier-invoices/" + intake.row().id());
        SupplierInvoiceView view = view(scope, invoices.find(scope, intake.row().id()).orElse(intake.row()));
        return intake.created() ? ResponseEntity.created(location).body(view)
                : ResponseEntity.ok().location(location).body(view);
    }

    /** One supplier invoice in the canonical shape, with its state. */
    @GetMapping("/v1/tenants/{tenantId}/supplier-invoices/{invoiceId}")
    public SupplierInvoiceView get(@PathVariable UUID tenantId, @PathVariable String invoiceId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        UUID id = uuid("invoiceId", invoiceId);
        return invoices.find(scope, id).map(r -> view(scope, r))
                .orElseThrow(() -> ApiProblem.notFound("supplier invoice " + invoiceId));
    }

    private SupplierInvoiceView view(TenantScope scope, SupplierInvoices.Row row) {
        return SupplierInvoiceView.of(row, workflow.instance(scope, row.id())
                .map(i -> InvoiceProgress.of(i, workflow.timeline(scope, i.id()))).orElse(null));
    }

    /** Lists supplier invoices, newest first (filter by state and supplier). */
    @GetMapping("/v1/tenants/{tenantId}/supplier-invoices")
    public Page list(@PathVariable UUID tenantId, @RequestParam(required = false) String state,
                     @RequestParam(required = false) String supplier, @RequestParam(required = false) String cursor,
                     @RequestParam(defaultValue = "100") int limit) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        if (state != null && !STATES.contains(state)) {
            throw ApiProblem.invalid("state", state, "must be one of " + STATES.stream().sorted().toList());
        }
        if (supplier != null && (supplier.isBlank() || supplier.length() > 200)) {
            throw ApiProblem.invalid("supplier", supplier, "must be the seller's VAT id or name, 1-200 characters");
        }
        if (limit < 1 || limit > 500) {
            throw ApiProblem.invalid("limit", limit, "must lie in [1, 500]");
        }
        UUID before = cursor == null ? null : uuid("cursor", cursor);
        List<SupplierInvoices.Row> rows = invoices.list(scope, state, supplier, before, limit + 1);
        String next = rows.size() > limit ? rows.get(limit - 1).id().toString() : null;
        return new Page(rows.stream().limit(limit).map(SupplierInvoiceSummary::of).toList(), next);
    }

    private static UUID uuid(String field, String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field, text, "must be a supplier invoice id (a UUID)");
        }
    }

    /** What the body's media type says it is: one of {@link #ACCEPTED}, else 415. */
    private static SupplierInvoices.Format checkContentType(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        SupplierInvoices.Format format = type == null ? null : ACCEPTED.get(type.getType() + "/" + type.getSubtype());
        if (format == null) {
            throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                    "send the e-invoice XML or Factur-X / ZUGFeRD PDF, the canonical invoice as JSON or a CSV export "
                    + "with Content-Type one of " + ACCEPTED.keySet().stream().sorted().toList());
        }
        return format;
    }

    private static ApiProblem refused(List<RuleViolation> violations) {
        String detail = String.join("; ", violations.stream()
                .map(v -> v.rule() + " (" + v.element() + "): " + v.message()).toList());
        return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "supplier-invoice-invalid", "Supplier invoice refused",
                detail.length() > 2000 ? detail.substring(0, 2000) + "..." : detail, Map.of("violations", violations));
    }
}
