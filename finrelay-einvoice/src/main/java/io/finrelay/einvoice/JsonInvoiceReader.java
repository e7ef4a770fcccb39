package io.finrelay.einvoice;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.finrelay.einvoice.SupplierInvoiceJson.EarlyPaymentDiscountJson;
import io.finrelay.einvoice.SupplierInvoiceJson.InvoiceLineJson;
import io.finrelay.einvoice.SupplierInvoiceJson.InvoiceParty;
import io.finrelay.einvoice.SupplierInvoiceJson.InvoiceTaxJson;
import io.finrelay.einvoice.SupplierInvoiceJson.InvoiceTotalsJson;
import io.finrelay.model.invoice.EarlyPaymentDiscount;
import io.finrelay.model.invoice.InvoiceKind;
import io.finrelay.model.invoice.InvoiceLine;
import io.finrelay.model.invoice.RuleViolation;
import io.finrelay.model.invoice.SupplierInvoice;
import io.finrelay.model.invoice.TaxSubtotal;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Reads the canonical {@link SupplierInvoice} sent as JSON ({@link SupplierInvoiceJson}, the shape the
 * API shows a stored invoice in), amounts as decimal strings or JSON numbers, read as
 * {@link BigDecimal} and never through a double. The same EN 16931 rules as for the XML apply (those on
 * data the canonical shape holds: see {@link InvoiceDraft#finishCanonical}); a value in the wrong
 * format or of the wrong type is refused under rule {@code JSON}, naming its path
 * ({@code lines[2].quantity}).
 */
final class JsonInvoiceReader {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonInvoiceReader() {
    }

    static SupplierInvoice read(byte[] json) {
        SupplierInvoiceJson body;
        try {
            body = JSON.readValue(json, SupplierInvoiceJson.class);
        } catch (JsonMappingException e) {
            throw refused(path(e), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw refused(at == null ? "document" : "line " + at.getLineNr() + ", column " + at.getColumnNr(),
                    "not well-formed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw refused("document", "not readable: " + e.getMessage());
        }
        if (body == null) {
            throw refused("document", "is null; send the canonical supplier invoice as a JSON object");
        }
        Extraction x = new Extraction("JSON");
        return draft(body, x).finishCanonical(x);
    }

    private static InvoiceDraft draft(SupplierInvoiceJson b, Extraction x) {
        InvoiceDraft d = new InvoiceDraft();
        d.number = b.number();
        d.typeCode = b.typeCode();
        x.currency = x.currency(b.currency(), "currency (BT-5)");
        d.issueDate = x.isoDate(b.issueDate(), "issueDate (BT-2)");
        d.dueDate = x.isoDate(b.dueDate(), "dueDate (BT-9)");
        if (b.kind() != null && d.typeCode != null && !b.kind().equals(InvoiceKind.ofTypeCode(d.typeCode).name())) {
            x.violate("JSON", "kind", "kind " + b.kind() + " disagrees with typeCode " + d.typeCode + ", which is "
                    + InvoiceKind.ofTypeCode(d.typeCode).name() + " (kind may be left out)");
        }
        InvoiceParty seller = b.seller() == null ? new InvoiceParty(null, null, null, null) : b.seller();
        d.sellerName = seller.name();
        d.sellerVatId = seller.vatId();
        d.iban = seller.iban();
        d.bic = seller.bic();
        InvoiceParty buyer = b.buyer() == null ? new InvoiceParty(null, null, null, null) : b.buyer();
        if (buyer.iban() != null || buyer.bic() != null) {
            x.violate("JSON", "buyer", "the buyer has a name and a vatId only; its account is not the invoice's");
        }
        d.buyerName = buyer.name();
        d.buyerVatId = buyer.vatId();
        d.purchaseOrder = b.purchaseOrderReference();
        if (b.paymentTerms() != null) {
            d.paymentTerms = b.paymentTerms().text();
            d.earlyPaymentDiscount = discount(b.paymentTerms().earlyPaymentDiscount(), x);
        }
        List<InvoiceLineJson> lines = b.lines() == null ? List.of() : b.lines();
        for (int i = 0; i < lines.size(); i++) {
            InvoiceLineJson l = lines.get(i);
            String at = "lines[" + i + "].";
            if (l == null) {
                x.violate("JSON", "lines[" + i + "]", "lines[" + i + "] is null");
                continue;
            }
            x.required(l.id(), "BR-21", at + "id (BT-126)", null);
            x.required(l.quantity(), "BR-22", at + "quantity (BT-129)", null);
            x.required(l.itemName(), "BR-25", at + "itemName (BT-153)", null);
            x.required(l.unitPrice(), "BR-26", at + "unitPrice (BT-146)", null);
            x.required(l.taxCategory(), "BR-CO-04", at + "taxCategory (BT-151)", null);
            var net = x.required(l.netAmount(), "BR-24", at + "netAmount (BT-131)", null) == null ? null
                    : x.money(l.netAmount(), at + "netAmount (BT-131)");
            if (net != null) {
                d.lines.add(new InvoiceLine(l.id(), l.itemName(), l.quantity(), l.unitCode(), l.unitPrice(), net,
                        l.taxCategory(), l.taxRate()));
            }
        }
        List<InvoiceTaxJson> taxes = b.taxBreakdown() == null ? List.of() : b.taxBreakdown();
        for (int i = 0; i < taxes.size(); i++) {
            InvoiceTaxJson t = taxes.get(i);
            String at = "taxBreakdown[" + i + "].";
            if (t == null) {
                x.violate("JSON", "taxBreakdown[" + i + "]", "taxBreakdown[" + i + "] is null");
                continue;
            }
            var taxable = x.money(x.required(t.taxableAmount(), "BR-45", at + "taxableAmount (BT-116)", null),
                    at + "taxableAmount (BT-116)");
            var tax = x.money(x.required(t.taxAmount(), "BR-46", at + "taxAmount (BT-117)", null),
                    at + "taxAmount (BT-117)");
            x.required(t.category(), "BR-47", at + "category (BT-118)", null);
            if (taxable != null && tax != null) {
                d.tax.add(new TaxSubtotal(t.category(), t.rate(), taxable, tax));
            }
        }
        InvoiceTotalsJson t = b.totals() == null ? new InvoiceTotalsJson(null, null, null, null, null, null, null, null, null) : b.totals();
        d.lineTotal = amount(t.lineTotal(), "BR-12", "totals.lineTotal (BT-106)", x);
        d.allowanceTotal = amount(t.allowanceTotal(), null, "totals.allowanceTotal (BT-107)", x);
        d.chargeTotal = amount(t.chargeTotal(), null, "totals.chargeTotal (BT-108)", x);
        d.taxExclusive = amount(t.taxExclusive(), "BR-13", "totals.taxExclusive (BT-109)", x);
        d.taxTotal = amount(t.taxTotal(), null, "totals.taxTotal (BT-110)", x);
        d.taxInclusive = amount(t.taxInclusive(), "BR-14", "totals.taxInclusive (BT-112)", x);
        d.prepaid = amount(t.prepaid(), null, "totals.prepaid (BT-113)", x);
        d.rounding = amount(t.rounding(), null, "totals.rounding (BT-114)", x);
        d.payable = amount(t.payable(), "BR-15", "totals.payable (BT-115)", x);
        return d;
    }

    /** A total: mandatory under the rule, or zero when optional and absent (as in the XML). */
    private static io.finrelay.model.Money amount(BigDecimal value, String rule, String element, Extraction x) {
        if (value == null) {
            if (rule != null) {
                x.required(null, rule, element, null);
                return null;
            }
            return x.currency == null ? null : io.finrelay.model.Money.zero(x.currency);
        }
        return x.money(value, element);
    }

    private static EarlyPaymentDiscount discount(EarlyPaymentDiscountJson d, Extraction x) {
        if (d == null) {
            return null;
        }
        if (d.percent() == null || d.days() == null || d.percent().signum() <= 0
                || d.percent().compareTo(BigDecimal.valueOf(100)) >= 0 || d.days() < 1) {
            x.violate("JSON", "paymentTerms.earlyPaymentDiscount", "paymentTerms.earlyPaymentDiscount needs a percent "
                    + "above 0 and below 100 and days of at least 1, got percent " + d.percent() + " and days " + d.days());
            return null;
        }
        return new EarlyPaymentDiscount(d.percent(), d.days());
    }

    /** {@code lines[2].quantity}, from where Jackson stopped. */
    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            }
        }
        return b.isEmpty() ? "document" : b.toString();
    }

    private static EInvoiceException refused(String element, String message) {
        return new EInvoiceException(List.of(new RuleViolation("JSON", element, element + ": " + message)));
    }
}
