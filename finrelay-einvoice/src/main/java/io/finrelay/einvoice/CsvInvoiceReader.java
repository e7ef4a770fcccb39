package io.finrelay.einvoice;

import io.finrelay.model.Money;
import io.finrelay.model.invoice.InvoiceLine;
import io.finrelay.model.invoice.RuleViolation;
import io.finrelay.model.invoice.SupplierInvoice;
import io.finrelay.model.invoice.TaxSubtotal;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads one supplier invoice from a legacy CSV export (UTF-8, RFC 4180 quoting, comma separated,
 * decimal point {@code .}, dates ISO {@code 2026-03-31}): a header row naming the columns, then one
 * row per invoice line. The invoice-level columns are repeated on every row and must agree. The
 * columns are listed in finrelay-server's README (supplier invoices). The VAT breakdown is the lines'
 * net amounts per category and rate, with the VAT rounded half-even to the currency; an export
 * carries no document-level allowances or charges. A cell in the wrong format is refused under rule
 * {@code CSV} naming its line and column; then the same EN 16931 rules as for every invoice apply.
 */
final class CsvInvoiceReader {
    /** Columns of the invoice, the same on every row; true when the column must be in the header. */
    static final Map<String, Boolean> INVOICE_COLUMNS = ordered(
            "invoice_number", true, "type_code", true, "currency", true, "issue_date", true, "due_date", false,
            "seller_name", true, "seller_vat_id", false, "seller_iban", false, "seller_bic", false,
            "buyer_name", true, "buyer_vat_id", false, "purchase_order", false, "payment_terms", false,
            "net_total", true, "vat_total", true, "gross_total", true, "prepaid_amount", false, "amount_due", true);
    /** Columns of one invoice line. */
    static final Map<String, Boolean> LINE_COLUMNS = ordered(
            "line_id", true, "item_name", true, "quantity", true, "unit_code", false, "unit_price", true,
            "line_net_amount", true, "vat_category", true, "vat_rate", false);
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private CsvInvoiceReader() {
    }

    static SupplierInvoice read(byte[] csv) {
        List<Row> rows = rows(csv);
        Extraction x = new Extraction("CSV");
        Row first = rows.getFirst();
        for (Row row : rows.subList(1, rows.size())) {
            for (String column : INVOICE_COLUMNS.keySet()) {
                if (!Objects.equals(first.get(column), row.get(column))) {
                    x.violate("CSV", row.at(column), row.at(column) + ": " + quoted(row.get(column))
                            + " disagrees with line " + first.line() + " (" + quoted(first.get(column))
                            + "); invoice-level columns must be the same on every row");
                }
            }
        }
        if (!x.violations.isEmpty()) {
            throw new EInvoiceException(x.violations);
        }
        return draft(first, rows, x).finishCanonical(x);
    }

    private static InvoiceDraft draft(Row first, List<Row> rows, Extraction x) {
        InvoiceDraft d = new InvoiceDraft();
        d.number = first.get("invoice_number");
        d.typeCode = first.get("type_code");
        x.currency = x.currency(first.get("currency"), first.at("currency"));
        d.issueDate = x.isoDate(first.get("issue_date"), first.at("issue_date"));
        d.dueDate = x.isoDate(first.get("due_date"), first.at("due_date"));
        d.sellerName = first.get("seller_name");
        d.sellerVatId = first.get("seller_vat_id");
        d.iban = first.get("seller_iban");
        d.bic = first.get("seller_bic");
        d.buyerName = first.get("buyer_name");
        d.buyerVatId = first.get("buyer_vat_id");
        d.purchaseOrder = first.get("purchase_order");
        d.paymentTerms = first.get("payment_terms");

        Map<List<Object>, TaxSubtotal> breakdown = new LinkedHashMap<>();
        for (Row row : rows) {
            String id = x.required(row.get("line_id"), "BR-21", row.at("line_id"), null);
            BigDecimal quantity = x.decimal(x.required(row.get("quantity"), "BR-22", row.at("quantity"), null),
                    row.at("quantity"));
            String name = x.required(row.get("item_name"), "BR-25", row.at("item_name"), null);
            BigDecimal price = x.decimal(x.required(row.get("unit_price"), "BR-26", row.at("unit_price"), null),
                    row.at("unit_price"));
            Money net = x.money(x.decimal(x.required(row.get("line_net_amount"), "BR-24", row.at("line_net_amount"), null),
                    row.at("line_net_amount")), row.at("line_net_amount"));
            String category = x.required(row.get("vat_category"), "BR-CO-04", row.at("vat_category"), null);
            BigDecimal rate = x.decimal(row.get("vat_rate"), row.at("vat_rate"));
            if (net != null) {
                d.lines.add(new InvoiceLine(id, name, quantity, row.get("unit_code"), price, net, category, rate));
                List<Object> key = java.util.Arrays.asList(category, rate == null ? null : rate.stripTrailingZeros());
                TaxSubtotal sum = breakdown.get(key);
                Money taxable = sum == null ? net : sum.taxableAmount().plus(net);
                Money tax = rate == null ? Money.zero(x.currency) : Money.rounded(taxable.amount().multiply(rate).movePointLeft(2), x.currency);
                breakdown.put(key, new TaxSubtotal(category, sum == null ? rate : sum.rate(), taxable, tax));
            }
        }
        d.tax.addAll(breakdown.values());
        d.lineTotal = total(first, "net_total", "BR-12", x);
        d.taxExclusive = d.lineTotal;
        d.taxTotal = total(first, "vat_total", "CSV", x);
        d.taxInclusive = total(first, "gross_total", "BR-14", x);
        d.prepaid = total(first, "prepaid_amount", null, x);
        d.payable = total(first, "amount_due", "BR-15", x);
        if (x.currency != null) {
            d.allowanceTotal = Money.zero(x.currency);
            d.chargeTotal = Money.zero(x.currency);
            d.rounding = Money.zero(x.currency);
        }
        return d;
    }

    /** A total: mandatory under the rule, or zero when optional and empty. */
    private static Money total(Row row, String column, String rule, Extraction x) {
        String text = row.get(column);
        if (text == null && rule == null) {
            return x.currency == null ? null : Money.zero(x.currency);
        }
        return x.money(x.decimal(x.required(text, rule, row.at(column), null), row.at(column)), row.at(column));
    }

    /** One data row: its cells by column (empty cells are null) and the line it starts on in the file. */
    record Row(long line, Map<String, String> cells) {
        String get(String column) {
            return cells.get(column);
        }

        /** How a violation names the cell: {@code line 3, column unit_price}. */
        String at(String column) {
            return "line " + line + ", column " + column;
        }
    }

    private static List<Row> rows(byte[] csv) {
        List<RuleViolation> errors = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = FORMAT.parse(new InputStreamReader(new ByteArrayInputStream(csv),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)))) {
            Iterator<CSVRecord> records = parser.iterator();
            List<String> header = null;
            while (true) {
                // The record about to be read starts on the next line (a quoted cell may span lines).
                long line = parser.getCurrentLineNumber() + 1;
                if (!records.hasNext()) {
                    break;
                }
                CSVRecord record = records.next();
                if (header == null) {
                    header = header(record, line, errors);
                    if (!errors.isEmpty()) {
                        break;
                    }
                    continue;
                }
                if (record.size() != header.size()) {
                    errors.add(new RuleViolation("CSV", "line " + line, "line " + line + " has " + record.size()
                            + " cells but the header names " + header.size() + " columns"));
                    continue;
                }
                Map<String, String> cells = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    String cell = record.get(i).strip();
                    cells.put(header.get(i), cell.isEmpty() ? null : cell);
                }
                rows.add(new Row(line, cells));
            }
            if (header == null && errors.isEmpty()) {
                errors.add(new RuleViolation("CSV", "line 1", "the file is empty: a header row and one row per invoice line are needed"));
            } else if (rows.isEmpty() && errors.isEmpty()) {
                errors.add(new RuleViolation("BR-16", "BG-25 Invoice line", "the file has a header but no invoice line"));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            if (e instanceof CharacterCodingException || e.getCause() instanceof CharacterCodingException) {
                errors.add(new RuleViolation("CSV", "document", "the file is not UTF-8 text"));
            } else {
                errors.add(new RuleViolation("CSV", "line " + lineOf(String.valueOf(e.getMessage())),
                        "not readable as CSV: " + e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new EInvoiceException(errors);
        }
        return rows;
    }

    private static List<String> header(CSVRecord record, long line, List<RuleViolation> errors) {
        // A spreadsheet's UTF-8 export may start with a byte order mark.
        List<String> header = record.toList().stream()
                .map(c -> c.replace("\uFEFF", "").strip().toLowerCase(java.util.Locale.ROOT)).toList();
        if (header.stream().noneMatch(c -> INVOICE_COLUMNS.containsKey(c) || LINE_COLUMNS.containsKey(c))) {
            errors.add(new RuleViolation("CSV", "line " + line, "line " + line + " is no header row: the first row must "
                    + "name the columns (invoice_number, ..., line_id, ...), see the server README"));
            return header;
        }
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            if (!INVOICE_COLUMNS.containsKey(column) && !LINE_COLUMNS.containsKey(column)) {
                errors.add(new RuleViolation("CSV", "line " + line + ", column " + (i + 1), "line " + line + ", column "
                        + (i + 1) + ": unknown column " + quoted(record.get(i))));
            } else if (!seen.add(column)) {
                errors.add(new RuleViolation("CSV", "line " + line + ", column " + column, "line " + line
                        + ": column " + column + " is named twice"));
            }
        }
        for (Map<String, Boolean> columns : List.of(INVOICE_COLUMNS, LINE_COLUMNS)) {
            columns.forEach((column, required) -> {
                if (required && !seen.contains(column)) {
                    errors.add(new RuleViolation("CSV", "line " + line + ", column " + column, "line " + line
                            + ": the header has no column " + column + ", which is required"));
                }
            });
        }
        return header;
    }

    /** Commons CSV names the line in its message ("... at line 4 ..."), which is kept as it says. */
    private static String lineOf(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+)").matcher(message);
        return m.find() ? m.group(1) : "?";
    }

    private static String quoted(String value) {
        return value == null ? "empty" : "\"" + value + "\"";
    }

    private static Map<String, Boolean> ordered(Object... pairs) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Boolean) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
