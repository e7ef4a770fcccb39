package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ITs' business set-up on a fresh Tryton database, after {@code demo.py}: EUR, a company, the
 * minimal chart (given account codes), this year's fiscal year, a closed period in 2000, a MISC
 * journal, a supplier with IBAN, a SEPA payment journal, a customer with a credit limit, an employee
 * with e-mail and IBAN, a 19% tax. Every step is get-or-create, so reruns on the same database reuse
 * it (and {@code demo.py} may run on the same database: it finds the same records).
 */
public final class TrytonSetup {
    public static final String JOURNAL = "MISC";
    public static final String CLOSED_PERIOD = "2000-01";
    public static final LocalDate CLOSED_DATE = LocalDate.of(2000, 1, 15);
    /** Account codes the set-up gives the minimal chart's accounts (it ships without codes). */
    public static final Map<String, String> CODES = Map.of("Main Cash", "1000", "Main Receivable", "1400",
            "Main Payable", "1600", "Main Tax", "1776", "Main Revenue", "4000", "Main Expense", "6000");

    public record Facts(long company, long supplier, long customer, long employee, LocalDate today) {}

    private TrytonSetup() {}

    public static Facts ensure(TrytonClient t) {
        LocalDate today = LocalDate.now();
        long eur = getOrCreate(t, "currency.currency", List.of(List.of("code", "=", "EUR")), Map.of("name", "Euro",
                "code", "EUR", "symbol", "€", "numeric_code", "978", "rounding", new BigDecimal("0.01"), "digits", 2));
        long de = getOrCreate(t, "country.country", List.of(List.of("code", "=", "DE")), Map.of("name", "Germany",
                "code", "DE"));
        List<Long> companies = t.search("company.company", List.of(List.of("party.name", "=", "Demo Finance GmbH")), 1, null);
        long company;
        if (companies.isEmpty()) {
            long party = t.createOne("party.party", Map.of("name", "Demo Finance GmbH", "addresses",
                    List.of(List.of("create", List.of(address("Hauptstr. 1", "10115", "Berlin", de))))));
            company = t.createOne("company.company", Map.of("party", party, "currency", eur));
        } else {
            company = companies.getFirst();
        }
        t.write("res.user", List.of(t.userId()), Map.of("companies", List.of(List.of("add", List.of(company))),
                "company", company));
        t.reloadContext();
        chart(t, company);
        fiscalYear(t, company, today.getYear(), false);
        fiscalYear(t, company, 2000, true);
        if (t.search("account.journal", List.of(List.of("code", "=", JOURNAL)), 1, null).isEmpty()) {
            t.createOne("account.journal", Map.of("name", "Miscellaneous", "code", JOURNAL, "type", "general",
                    "sequence", sequenceOf(t, "CASH")));
        }
        long supplier = supplier(t, de, eur);
        paymentJournal(t, company, eur);
        long customer = getOrCreate(t, "party.party", List.of(List.of("name", "=", "Globex Corporation")), Map.of(
                "name", "Globex Corporation", "credit_limit_amount", new BigDecimal("5000"),
                "addresses", List.of(List.of("create", List.of(address("Marktplatz 9", "20095", "Hamburg", de))))));
        long employee = employee(t, company, de, eur);
        tax(t, company);
        saleAccounts(t);
        return new Facts(company, supplier, customer, employee, today);
    }

    private static Map<String, Object> address(String street, String postalCode, String city, long country) {
        return Map.of("street", street, "postal_code", postalCode, "city", city, "country", country);
    }

    static long getOrCreate(TrytonClient t, String model, List<?> domain, Map<String, ?> values) {
        List<Long> ids = t.search(model, domain, 1, null);
        return ids.isEmpty() ? t.createOne(model, values) : ids.getFirst();
    }

    private static long sequenceOf(TrytonClient t, String journalCode) {
        return t.searchRead("account.journal", List.of(List.of("code", "=", journalCode)), List.of("sequence"))
                .get(0).path("sequence").asLong();
    }

    private static long ref(TrytonClient t, String module, String fsId) {
        return t.searchRead("ir.model.data", List.of(List.of("module", "=", module), List.of("fs_id", "=", fsId)),
                List.of("db_id")).get(0).path("db_id").asLong();
    }

    private static void chart(TrytonClient t, long company) {
        if (t.search("account.account", List.of(List.of("company", "=", company)), 1, null).isEmpty()) {
            long template = ref(t, "account", "account_template_root_en");
            JsonNode session = t.wizard("account.create_chart", "create", null);
            long sid = session.get(0).asLong();
            t.wizard("account.create_chart", "execute", null, sid, Map.of(), "start");
            JsonNode r = t.wizard("account.create_chart", "execute", null, sid, Map.of("account", Map.of(
                    "company", company, "account_template", template)), "create_account");
            JsonNode defaults = r.path("view").path("defaults");
            t.wizard("account.create_chart", "execute", null, sid, Map.of("properties", Map.of("company", company,
                    "account_receivable", defaults.get("account_receivable"),
                    "account_payable", defaults.get("account_payable"))), "create_properties");
            t.wizard("account.create_chart", "delete", null, sid);
        }
        for (JsonNode a : t.searchRead("account.account", List.of(List.of("company", "=", company),
                java.util.Arrays.asList("code", "=", null)), List.of("name"))) {
            String code = CODES.get(a.path("name").asText());
            if (code != null) {
                t.write("account.account", List.of(a.path("id").asLong()), Map.of("code", code));
            }
        }
    }

    private static void fiscalYear(TrytonClient t, long company, int year, boolean closeJanuary) {
        LocalDate start = LocalDate.of(year, 1, 1);
        List<Long> found = t.search("account.fiscalyear", List.of(List.of("company", "=", company),
                List.of("start_date", "<=", start), List.of("end_date", ">=", start)), 1, null);
        long fy;
        if (found.isEmpty()) {
            long moveSeq = t.createOne("ir.sequence", Map.of("name", "Moves " + year, "company", company,
                    "sequence_type", ref(t, "account", "sequence_type_account_move")));
            long invSeq = t.createOne("ir.sequence.strict", Map.of("name", "Invoices " + year, "company", company,
                    "sequence_type", ref(t, "account_invoice", "sequence_type_account_invoice")));
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("name", Integer.toString(year));
            values.put("company", company);
            values.put("start_date", start);
            values.put("end_date", LocalDate.of(year, 12, 31));
            values.put("post_move_sequence", moveSeq);
            values.put("invoice_sequences", List.of(List.of("create", List.of(Map.of("company", company,
                    "in_invoice_sequence", invSeq, "in_credit_note_sequence", invSeq,
                    "out_invoice_sequence", invSeq, "out_credit_note_sequence", invSeq)))));
            fy = t.createOne("account.fiscalyear", values);
            t.model("account.fiscalyear", "create_period", true, List.of(fy));
        } else {
            fy = found.getFirst();
        }
        if (closeJanuary) {
            List<Long> january = t.search("account.period", List.of(List.of("fiscalyear", "=", fy),
                    List.of("name", "=", CLOSED_PERIOD), List.of("state", "=", "open")), 1, null);
            if (!january.isEmpty()) {
                t.button("account.period", "close", january);
            }
        }
    }

    private static long supplier(TrytonClient t, long de, long eur) {
        long bankParty = getOrCreate(t, "party.party", List.of(List.of("name", "=", "Commerzbank AG")),
                Map.of("name", "Commerzbank AG"));
        long bank = getOrCreate(t, "bank", List.of(List.of("bic", "=", "COBADEFFXXX")), Map.of("party", bankParty,
                "bic", "COBADEFFXXX"));
        List<Long> found = t.search("party.party", List.of(List.of("name", "=", "ACME Supplies Ltd")), 1, null);
        if (!found.isEmpty()) {
            return found.getFirst();
        }
        long supplier = t.createOne("party.party", Map.of("name", "ACME Supplies Ltd", "addresses",
                List.of(List.of("create", List.of(address("Industriestr. 5", "80331", "München", de))))));
        t.createOne("bank.account", Map.of("bank", bank, "currency", eur, "owners", List.of(List.of("add",
                List.of(supplier))), "numbers", List.of(List.of("create", List.of(Map.of("type", "iban",
                "number", "DE89 3704 0044 0532 0130 00"))))));
        return supplier;
    }

    private static void paymentJournal(TrytonClient t, long company, long eur) {
        List<Long> number = t.search("bank.account.number", List.of(List.of("number_compact", "=",
                "NL91ABNA0417164300")), 1, null);
        long companyAccount;
        if (number.isEmpty()) {
            long abnParty = t.createOne("party.party", Map.of("name", "ABN AMRO Bank N.V."));
            long abn = t.createOne("bank", Map.of("party", abnParty, "bic", "ABNANL2A"));
            long companyParty = t.read("company.company", List.of(company), List.of("party")).get(0).path("party").asLong();
            long account = t.createOne("bank.account", Map.of("bank", abn, "currency", eur, "owners",
                    List.of(List.of("add", List.of(companyParty))), "numbers", List.of(List.of("create",
                            List.of(Map.of("type", "iban", "number", "NL91 ABNA 0417 1643 00"))))));
            companyAccount = t.read("bank.account", List.of(account), List.of("numbers")).get(0).path("numbers")
                    .get(0).asLong();
        } else {
            companyAccount = number.getFirst();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", "SEPA EUR");
        values.put("company", company);
        values.put("currency", eur);
        values.put("process_method", "sepa");
        values.put("sepa_bank_account_number", companyAccount);
        values.put("sepa_payable_flavor", "pain.001.001.03");
        values.put("sepa_receivable_flavor", "pain.008.001.02");
        values.put("sepa_charge_bearer", "SLEV");
        values.put("sepa_batch_booking", false);
        getOrCreate(t, "account.payment.journal", List.of(List.of("name", "=", "SEPA EUR")), values);
    }

    private static long employee(TrytonClient t, long company, long de, long eur) {
        List<Long> found = t.search("party.party", List.of(List.of("name", "=", "Erika Mustermann")), 1, null);
        long party;
        if (found.isEmpty()) {
            party = t.createOne("party.party", Map.of("name", "Erika Mustermann",
                    "contact_mechanisms", List.of(List.of("create", List.of(Map.of("type", "email",
                            "value", "erika.mustermann@example.com")))),
                    "addresses", List.of(List.of("create", List.of(address("Am Ring 2", "50667", "Köln", de))))));
            long bank = t.search("bank", List.of(List.of("bic", "=", "COBADEFFXXX")), 1, null).getFirst();
            t.createOne("bank.account", Map.of("bank", bank, "currency", eur, "owners", List.of(List.of("add",
                    List.of(party))), "numbers", List.of(List.of("create", List.of(Map.of("type", "iban",
                    "number", "DE02 1203 0000 0000 2020 51"))))));
        } else {
            party = found.getFirst();
        }
        return getOrCreate(t, "company.employee", List.of(List.of("party", "=", party)), Map.of("party", party,
                "company", company));
    }

    /**
     * The revenue (and expense) account of lines without a product ({@code account_product}'s default
     * category accounts): where the {@code sale} module books an order's line of amount and description.
     */
    private static void saleAccounts(TrytonClient t) {
        long revenue = t.search("account.account", List.of(List.of("code", "=", "4000")), 1, null).getFirst();
        long expense = t.search("account.account", List.of(List.of("code", "=", "6000")), 1, null).getFirst();
        JsonNode config = t.read("account.configuration", List.of(1L), List.of("default_category_account_revenue")).get(0);
        if (config.path("default_category_account_revenue").isNull()
                || config.path("default_category_account_revenue").isMissingNode()) {
            t.write("account.configuration", List.of(1L), Map.of("default_category_account_revenue", revenue,
                    "default_category_account_expense", expense));
        }
    }

    private static void tax(TrytonClient t, long company) {
        long account = t.search("account.account", List.of(List.of("code", "=", "1776")), 1, null).getFirst();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", "VAT 19%");
        values.put("description", "German standard VAT");
        values.put("company", company);
        values.put("type", "percentage");
        values.put("rate", new BigDecimal("0.19"));
        values.put("invoice_account", account);
        values.put("credit_note_account", account);
        getOrCreate(t, "account.tax", List.of(List.of("name", "=", "VAT 19%")), values);
    }

    /**
     * A customer invoice of one line, posted through Tryton itself (revenue 4000, receivable 1400, the
     * REV journal): its receivable line is what the customer owes. Answers the invoice's number.
     */
    public static String postCustomerInvoice(TrytonClient t, Facts facts, long customer, BigDecimal amount,
                                             String description) {
        long address = t.search("party.address", List.of(List.of("party", "=", customer)), 1, null).getFirst();
        long revenue = t.search("account.account", List.of(List.of("code", "=", "4000")), 1, null).getFirst();
        long receivable = t.search("account.account", List.of(List.of("code", "=", "1400")), 1, null).getFirst();
        long journal = t.search("account.journal", List.of(List.of("code", "=", "REV")), 1, null).getFirst();
        long eur = t.search("currency.currency", List.of(List.of("code", "=", "EUR")), 1, null).getFirst();
        Map<String, Object> line = new LinkedHashMap<>(Map.of("type", "line", "description", description,
                "quantity", new TrytonCodec.FloatValue(BigDecimal.ONE), "unit_price", amount,
                "account", revenue, "company", facts.company(), "currency", eur));
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("type", "out");
        invoice.put("company", facts.company());
        invoice.put("party", customer);
        invoice.put("invoice_address", address);
        invoice.put("currency", eur);
        invoice.put("journal", journal);
        invoice.put("account", receivable);
        invoice.put("invoice_date", facts.today());
        invoice.put("lines", List.of(List.of("create", List.of(line))));
        long id = t.createOne("account.invoice", invoice);
        t.button("account.invoice", "post", List.of(id));
        return t.read("account.invoice", List.of(id), List.of("number")).get(0).path("number").asText();
    }
}
