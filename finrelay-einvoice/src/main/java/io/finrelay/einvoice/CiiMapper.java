package io.finrelay.einvoice;

import io.finrelay.model.invoice.InvoiceLine;
import io.finrelay.model.invoice.TaxSubtotal;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** UN/CEFACT Cross Industry Invoice D16B (Factur-X / ZUGFeRD EN 16931, XRechnung CII) into a draft. */
final class CiiMapper {
    private CiiMapper() {
    }

    static InvoiceDraft map(Element root, Extraction x) {
        InvoiceDraft d = new InvoiceDraft();
        d.specification = Dom.text(root, "ExchangedDocumentContext/GuidelineSpecifiedDocumentContextParameter/ID");
        Element doc = Dom.first(root, "ExchangedDocument");
        d.number = Dom.text(doc, "ID");
        d.typeCode = Dom.text(doc, "TypeCode");
        d.issueDate = x.cii102Date(Dom.text(doc, "IssueDateTime/DateTimeString"), "BT-2 Invoice issue date");

        Element tx = Dom.first(root, "SupplyChainTradeTransaction");
        Element agreement = Dom.first(tx, "ApplicableHeaderTradeAgreement");
        Element settlement = Dom.first(tx, "ApplicableHeaderTradeSettlement");
        x.currency = x.currency(Dom.text(settlement, "InvoiceCurrencyCode"), "BT-5 Invoice currency code");
        d.purchaseOrder = Dom.text(agreement, "BuyerOrderReferencedDocument/IssuerAssignedID");

        Element seller = Dom.first(agreement, "SellerTradeParty");
        d.sellerName = Dom.text(seller, "Name");
        d.sellerVatId = vatId(seller);
        d.sellerAddress = Dom.first(seller, "PostalTradeAddress") != null;
        d.sellerCountry = Dom.text(seller, "PostalTradeAddress/CountryID");
        Element buyer = Dom.first(agreement, "BuyerTradeParty");
        d.buyerName = Dom.text(buyer, "Name");
        d.buyerVatId = vatId(buyer);
        d.buyerAddress = Dom.first(buyer, "PostalTradeAddress") != null;
        d.buyerCountry = Dom.text(buyer, "PostalTradeAddress/CountryID");

        Element means = Dom.first(settlement, "SpecifiedTradeSettlementPaymentMeans");
        d.iban = Dom.text(means, "PayeePartyCreditorFinancialAccount/IBANID");
        d.bic = Dom.text(means, "PayeeSpecifiedCreditorFinancialInstitution/BICID");
        List<String> terms = new ArrayList<>();
        for (Element t : Dom.children(settlement, "SpecifiedTradePaymentTerms")) {
            if (Dom.text(t, "Description") != null) {
                terms.add(Dom.text(t, "Description"));
            }
            if (d.dueDate == null) {
                d.dueDate = x.cii102Date(Dom.text(t, "DueDateDateTime/DateTimeString"), "BT-9 Payment due date");
            }
        }
        d.paymentTerms = terms.isEmpty() ? null : String.join("\n", terms);

        for (Element line : Dom.children(tx, "IncludedSupplyChainTradeLineItem")) {
            Element qty = Dom.first(line, "SpecifiedLineTradeDelivery/BilledQuantity");
            Element lineSettlement = Dom.first(line, "SpecifiedLineTradeSettlement");
            String id = x.required(Dom.text(line, "AssociatedDocumentLineDocument/LineID"), "BR-21",
                    "BT-126 Invoice line identifier", "AssociatedDocumentLineDocument/LineID");
            BigDecimal quantity = x.decimal(x.required(Dom.text(qty), "BR-22", "BT-129 Invoiced quantity",
                    "SpecifiedLineTradeDelivery/BilledQuantity"), "BT-129 Invoiced quantity");
            String unit = qty == null || qty.getAttribute("unitCode").isEmpty() ? null : qty.getAttribute("unitCode");
            var net = x.money(Dom.first(lineSettlement, "SpecifiedTradeSettlementLineMonetarySummation/LineTotalAmount"),
                    "BR-24", "BT-131 Invoice line net amount", "SpecifiedTradeSettlementLineMonetarySummation/LineTotalAmount");
            String name = x.required(Dom.text(line, "SpecifiedTradeProduct/Name"), "BR-25", "BT-153 Item name",
                    "SpecifiedTradeProduct/Name");
            BigDecimal price = x.decimal(x.required(
                    Dom.text(line, "SpecifiedLineTradeAgreement/NetPriceProductTradePrice/ChargeAmount"), "BR-26",
                    "BT-146 Item net price", "NetPriceProductTradePrice/ChargeAmount"), "BT-146 Item net price");
            String category = x.required(Dom.text(lineSettlement, "ApplicableTradeTax/CategoryCode"), "BR-CO-04",
                    "BT-151 Invoiced item VAT category code", "SpecifiedLineTradeSettlement/ApplicableTradeTax/CategoryCode");
            BigDecimal rate = x.decimal(Dom.text(lineSettlement, "ApplicableTradeTax/RateApplicablePercent"),
                    "BT-152 Invoiced item VAT rate");
            if (net != null) {
                d.lines.add(new InvoiceLine(id, name, quantity, unit, price, net, category, rate));
            }
        }

        for (Element t : Dom.children(settlement, "ApplicableTradeTax")) {
            var taxable = x.money(Dom.first(t, "BasisAmount"), "BR-45", "BT-116 VAT category taxable amount",
                    "ApplicableTradeTax/BasisAmount");
            var tax = x.money(Dom.first(t, "CalculatedAmount"), "BR-46", "BT-117 VAT category tax amount",
                    "ApplicableTradeTax/CalculatedAmount");
            String category = x.required(Dom.text(t, "CategoryCode"), "BR-47", "BT-118 VAT category code",
                    "ApplicableTradeTax/CategoryCode");
            BigDecimal rate = x.decimal(Dom.text(t, "RateApplicablePercent"), "BT-119 VAT category rate");
            if (taxable != null && tax != null) {
                d.tax.add(new TaxSubtotal(category, rate, taxable, tax));
            }
        }

        Element m = Dom.first(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation");
        d.lineTotal = x.money(Dom.first(m, "LineTotalAmount"), "BR-12", "BT-106 Sum of Invoice line net amount",
                "SpecifiedTradeSettlementHeaderMonetarySummation/LineTotalAmount");
        d.allowanceTotal = x.money(Dom.first(m, "AllowanceTotalAmount"), null, "BT-107 Sum of allowances on document level", "");
        d.chargeTotal = x.money(Dom.first(m, "ChargeTotalAmount"), null, "BT-108 Sum of charges on document level", "");
        d.taxExclusive = x.money(Dom.first(m, "TaxBasisTotalAmount"), "BR-13", "BT-109 Invoice total amount without VAT",
                "SpecifiedTradeSettlementHeaderMonetarySummation/TaxBasisTotalAmount");
        Element taxTotal = null;
        for (Element t : Dom.children(m, "TaxTotalAmount")) {
            if (x.currency != null && x.currency.getCurrencyCode().equals(t.getAttribute("currencyID"))) {
                taxTotal = t;
            }
        }
        d.taxTotal = x.money(taxTotal, null, "BT-110 Invoice total VAT amount", "");
        d.taxInclusive = x.money(Dom.first(m, "GrandTotalAmount"), "BR-14", "BT-112 Invoice total amount with VAT",
                "SpecifiedTradeSettlementHeaderMonetarySummation/GrandTotalAmount");
        d.prepaid = x.money(Dom.first(m, "TotalPrepaidAmount"), null, "BT-113 Paid amount", "");
        d.rounding = x.money(Dom.first(m, "RoundingAmount"), null, "BT-114 Rounding amount", "");
        d.payable = x.money(Dom.first(m, "DuePayableAmount"), "BR-15", "BT-115 Amount due for payment",
                "SpecifiedTradeSettlementHeaderMonetarySummation/DuePayableAmount");
        return d;
    }

    private static String vatId(Element party) {
        for (Element reg : Dom.children(party, "SpecifiedTaxRegistration")) {
            Element id = Dom.first(reg, "ID");
            if (id != null && "VA".equals(id.getAttribute("schemeID"))) {
                return Dom.text(id);
            }
        }
        return null;
    }
}
