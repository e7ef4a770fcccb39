package io.finrelay.einvoice;

import io.finrelay.model.invoice.InvoiceLine;
import io.finrelay.model.invoice.TaxSubtotal;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** UBL 2.1 Invoice and CreditNote (Peppol BIS Billing 3.0 / EN 16931 UBL syntax binding) into a draft. */
final class UblMapper {
    private UblMapper() {
    }

    static InvoiceDraft map(Element root, Extraction x) {
        boolean credit = "CreditNote".equals(root.getLocalName());
        InvoiceDraft d = new InvoiceDraft();
        d.specification = Dom.text(root, "CustomizationID");
        d.number = Dom.text(root, "ID");
        d.issueDate = x.isoDate(Dom.text(root, "IssueDate"), "BT-2 Invoice issue date");
        d.typeCode = Dom.text(root, credit ? "CreditNoteTypeCode" : "InvoiceTypeCode");
        d.dueDate = x.isoDate(credit ? Dom.text(root, "PaymentMeans/PaymentDueDate") : Dom.text(root, "DueDate"),
                "BT-9 Payment due date");
        x.currency = x.currency(Dom.text(root, "DocumentCurrencyCode"), "BT-5 Invoice currency code");
        d.purchaseOrder = Dom.text(root, "OrderReference/ID");

        Element seller = Dom.first(root, "AccountingSupplierParty/Party");
        d.sellerName = Dom.text(seller, "PartyLegalEntity/RegistrationName");
        d.sellerVatId = vatId(seller);
        d.sellerAddress = Dom.first(seller, "PostalAddress") != null;
        d.sellerCountry = Dom.text(seller, "PostalAddress/Country/IdentificationCode");
        Element buyer = Dom.first(root, "AccountingCustomerParty/Party");
        d.buyerName = Dom.text(buyer, "PartyLegalEntity/RegistrationName");
        d.buyerVatId = vatId(buyer);
        d.buyerAddress = Dom.first(buyer, "PostalAddress") != null;
        d.buyerCountry = Dom.text(buyer, "PostalAddress/Country/IdentificationCode");

        Element account = Dom.first(root, "PaymentMeans/PayeeFinancialAccount");
        d.iban = Dom.text(account, "ID");
        d.bic = Dom.text(account, "FinancialInstitutionBranch/ID");
        List<String> notes = new ArrayList<>();
        for (Element n : Dom.all(root, "PaymentTerms/Note")) {
            if (Dom.text(n) != null) {
                notes.add(Dom.text(n));
            }
        }
        d.paymentTerms = notes.isEmpty() ? null : String.join("\n", notes);

        for (Element line : Dom.children(root, credit ? "CreditNoteLine" : "InvoiceLine")) {
            Element qty = Dom.first(line, credit ? "CreditedQuantity" : "InvoicedQuantity");
            String id = x.required(Dom.text(line, "ID"), "BR-21", "BT-126 Invoice line identifier", "InvoiceLine/ID");
            BigDecimal quantity = x.decimal(x.required(Dom.text(qty), "BR-22", "BT-129 Invoiced quantity",
                    "InvoiceLine/InvoicedQuantity"), "BT-129 Invoiced quantity");
            String unit = qty == null || qty.getAttribute("unitCode").isEmpty() ? null : qty.getAttribute("unitCode");
            var net = x.money(Dom.first(line, "LineExtensionAmount"), "BR-24", "BT-131 Invoice line net amount",
                    "InvoiceLine/LineExtensionAmount");
            String name = x.required(Dom.text(line, "Item/Name"), "BR-25", "BT-153 Item name", "InvoiceLine/Item/Name");
            BigDecimal price = x.decimal(x.required(Dom.text(line, "Price/PriceAmount"), "BR-26", "BT-146 Item net price",
                    "InvoiceLine/Price/PriceAmount"), "BT-146 Item net price");
            String category = x.required(Dom.text(line, "Item/ClassifiedTaxCategory/ID"), "BR-CO-04",
                    "BT-151 Invoiced item VAT category code", "InvoiceLine/Item/ClassifiedTaxCategory/ID");
            BigDecimal rate = x.decimal(Dom.text(line, "Item/ClassifiedTaxCategory/Percent"), "BT-152 Invoiced item VAT rate");
            if (net != null) {
                d.lines.add(new InvoiceLine(id, name, quantity, unit, price, net, category, rate));
            }
        }

        for (Element taxTotal : Dom.children(root, "TaxTotal")) {
            Element amount = Dom.first(taxTotal, "TaxAmount");
            boolean documentCurrency = amount != null && x.currency != null
                    && x.currency.getCurrencyCode().equals(amount.getAttribute("currencyID"));
            if (documentCurrency) {
                d.taxTotal = x.money(amount, null, "BT-110 Invoice total VAT amount", "TaxTotal/TaxAmount");
            }
            for (Element sub : Dom.children(taxTotal, "TaxSubtotal")) {
                var taxable = x.money(Dom.first(sub, "TaxableAmount"), "BR-45", "BT-116 VAT category taxable amount",
                        "TaxSubtotal/TaxableAmount");
                var tax = x.money(Dom.first(sub, "TaxAmount"), "BR-46", "BT-117 VAT category tax amount",
                        "TaxSubtotal/TaxAmount");
                String category = x.required(Dom.text(sub, "TaxCategory/ID"), "BR-47", "BT-118 VAT category code",
                        "TaxSubtotal/TaxCategory/ID");
                BigDecimal rate = x.decimal(Dom.text(sub, "TaxCategory/Percent"), "BT-119 VAT category rate");
                if (taxable != null && tax != null) {
                    d.tax.add(new TaxSubtotal(category, rate, taxable, tax));
                }
            }
        }
        if (d.taxTotal == null && x.currency != null) {
            d.taxTotal = io.finrelay.model.Money.zero(x.currency);
        }

        Element m = Dom.first(root, "LegalMonetaryTotal");
        d.lineTotal = x.money(Dom.first(m, "LineExtensionAmount"), "BR-12", "BT-106 Sum of Invoice line net amount",
                "LegalMonetaryTotal/LineExtensionAmount");
        d.allowanceTotal = x.money(Dom.first(m, "AllowanceTotalAmount"), null, "BT-107 Sum of allowances on document level", "");
        d.chargeTotal = x.money(Dom.first(m, "ChargeTotalAmount"), null, "BT-108 Sum of charges on document level", "");
        d.taxExclusive = x.money(Dom.first(m, "TaxExclusiveAmount"), "BR-13", "BT-109 Invoice total amount without VAT",
                "LegalMonetaryTotal/TaxExclusiveAmount");
        d.taxInclusive = x.money(Dom.first(m, "TaxInclusiveAmount"), "BR-14", "BT-112 Invoice total amount with VAT",
                "LegalMonetaryTotal/TaxInclusiveAmount");
        d.prepaid = x.money(Dom.first(m, "PrepaidAmount"), null, "BT-113 Paid amount", "");
        d.rounding = x.money(Dom.first(m, "PayableRoundingAmount"), null, "BT-114 Rounding amount", "");
        d.payable = x.money(Dom.first(m, "PayableAmount"), "BR-15", "BT-115 Amount due for payment",
                "LegalMonetaryTotal/PayableAmount");
        return d;
    }

    private static String vatId(Element party) {
        for (Element scheme : Dom.children(party, "PartyTaxScheme")) {
            if ("VAT".equals(Dom.text(scheme, "TaxScheme/ID"))) {
                return Dom.text(scheme, "CompanyID");
            }
        }
        return null;
    }
}
