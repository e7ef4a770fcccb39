package io.finrelay.sandbox.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo tenant's world, set up through Finrelay's own API (every POST under an Idempotency-Key,
 * so a second run changes nothing): a German and a Swiss legal entity (EUR, CHF), their GL accounts,
 * cost centers, projects, tax codes and expense policies, employees with IBANs, treasurers, dated EUR/CHF
 * rates; and realistic approved expense reports in Concur's Expense Report v4 shape.
 */
public final class DemoData {
    /** One employee as the expense platform and Finrelay know them. */
    public record Person(String employeeId, String loginId, String name, String entity, String iban, String manager) {}

    /** The tenant's set-up, as later steps need it. */
    public record World(String tenantId, String entityDe, String entityCh, List<Person> people, Person rejectedPayee) {}

    static final String[][] DE_NAMES = {{"m.keller", "Maria Keller"}, {"t.schulz", "Tobias Schulz"}, {"a.wolf", "Anna Wolf"},
            {"l.fischer", "Lukas Fischer"}, {"s.becker", "Sophie Becker"}, {"j.hoffmann", "Jan Hoffmann"},
            {"k.wagner", "Katrin Wagner"}, {"f.richter", "Felix Richter"}, {"n.klein", "Nina Klein"},
            {"p.krause", "Paul Krause"}};
    static final String[][] CH_NAMES = {{"r.meier", "Reto Meier"}, {"c.brunner", "Claudia Brunner"},
            {"d.gerber", "Daniel Gerber"}, {"e.baumann", "Eva Baumann"}, {"m.frei", "Marco Frei"}, {"s.huber", "Sandra Huber"}};

    private DemoData() {}

    /** Creates (or finds again) the tenant's master data and expense set-up; returns what the reports need. */
    public static World setUp(Api api, String tenantId, LocalDate today) {
        String t = "/v1/tenants/" + tenantId;
        String de = api.post(t + "/legal-entities", Map.of("name", "ACME Logistik GmbH", "country", "DE",
                "functionalCurrency", "EUR"), "demo-le-de").require(201).body().get("id").asText();
        String ch = api.post(t + "/legal-entities", Map.of("name", "ACME Logistik AG", "country", "CH",
                "functionalCurrency", "CHF"), "demo-le-ch").require(201).body().get("id").asText();
        gl(api, t, de, "6650", "Reisekosten Arbeitnehmer", "EXPENSE");
        gl(api, t, de, "6660", "Übernachtungsaufwand", "EXPENSE");
        gl(api, t, de, "6640", "Bewirtungskosten", "EXPENSE");
        gl(api, t, de, "1576", "Abziehbare Vorsteuer 19 %", "ASSET");
        gl(api, t, de, "1740", "Verbindlichkeiten gegenüber Mitarbeitern", "LIABILITY");
        gl(api, t, ch, "6500", "Reisespesen", "EXPENSE");
        gl(api, t, ch, "6510", "Hotelspesen", "EXPENSE");
        gl(api, t, ch, "6520", "Verpflegung und Repräsentation", "EXPENSE");
        gl(api, t, ch, "1170", "Vorsteuer auf Aufwand", "ASSET");
        gl(api, t, ch, "2210", "Verbindlichkeiten gegenüber Mitarbeitenden", "LIABILITY");
        for (String[] cc : new String[][] {{"CC-410", "Vertrieb DACH", de}, {"CC-420", "Engineering", de},
                {"CC-430", "Operations Hamburg", de}, {"CC-510", "Sales Schweiz", ch}, {"CC-520", "Logistik Basel", ch}}) {
            api.post(t + "/cost-centers", Map.of("code", cc[0], "name", cc[1], "legalEntityId", cc[2], "open", true),
                    "demo-cc-" + cc[0]).require(201);
        }
        api.post(t + "/projects", Map.of("code", PROJECTS[0][0], "name", PROJECTS[0][1], "legalEntityId", de, "open", true),
                "demo-project-" + PROJECTS[0][0]).require(201);
        api.post(t + "/projects", Map.of("code", PROJECTS[1][0], "name", PROJECTS[1][1], "legalEntityId", ch, "open", true),
                "demo-project-" + PROJECTS[1][0]).require(201);
        tax(api, t, "DE-VAT-19", "DE", "19.00");
        tax(api, t, "DE-VAT-7", "DE", "7.00");
        tax(api, t, "CH-VAT-8.1", "CH", "8.10");
        tax(api, t, "CH-VAT-3.8", "CH", "3.80");
        api.put(t + "/expense/policies/" + de, Map.of("payableAccount", "1740", "inputTaxAccount", "1576",
                "fourEyesThreshold", "1000.00")).require(200);
        api.put(t + "/expense/policies/" + ch, Map.of("payableAccount", "2210", "inputTaxAccount", "1170",
                "fourEyesThreshold", "1000.00")).require(200);
        api.put(t + "/expense/roles/t.berger", Map.of("roles", List.of("treasurer"))).require(200);
        api.put(t + "/expense/roles/j.roth", Map.of("roles", List.of("treasurer"))).require(200);
        Random random = new Random(7);
        for (int day = 0; day <= 40; day++) {
            LocalDate date = today.minusDays(day);
            BigDecimal rate = new BigDecimal("0.9400").add(BigDecimal.valueOf(random.nextInt(200), 4));
            api.post(t + "/fx-rates", Map.of("base", "EUR", "quote", "CHF", "rateDate", date.toString(),
                    "rate", rate.toPlainString(), "source", "ECB reference rate")).require(201);
        }
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < DE_NAMES.length; i++) {
            people.add(employee(api, t, de, DE_NAMES[i], iban("DE", "37040044" + String.format("%010d", 532013000L + i * 17L)),
                    i == 0 ? "k.wagner" : "m.keller"));
        }
        for (int i = 0; i < CH_NAMES.length; i++) {
            people.add(employee(api, t, ch, CH_NAMES[i], iban("CH", "00762" + String.format("%012d", 11623852957L + i * 31L)),
                    i == 0 ? "c.brunner" : "r.meier"));
        }
        Person rejected = employee(api, t, de, new String[] {"b.lang", "Bernd Lang"}, iban("DE", "50010517" + "0648489890"),
                "m.keller");
        return new World(tenantId, de, ch, people, rejected);
    }

    private static void gl(Api api, String t, String entity, String code, String name, String type) {
        api.post(t + "/gl-accounts", Map.of("code", code, "name", name, "type", type, "legalEntityId", entity, "open", true),
                "demo-gl-" + code).require(201);
    }

    private static void tax(Api api, String t, String code, String country, String rate) {
        api.post(t + "/tax-codes", Map.of("code", code, "country", country, "ratePercent", rate, "recoverable", true),
                "demo-tax-" + code).require(201);
    }

    private static Person employee(Api api, String t, String entity, String[] name, String iban, String manager) {
        String email = name[0].replace(".", "") + "@acme-logistik.example";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("legalEntityId", entity);
        body.put("name", name[1]);
        body.put("email", email);
        body.put("active", true);
        body.put("bankAccount", Map.of("iban", iban, "holderName", name[1]));
        String id = api.post(t + "/employees", body, "demo-employee-" + name[0]).require(201).body().get("id").asText();
        return new Person(id, name[0], name[1], entity, iban, manager);
    }

    /** An IBAN with correct ISO 13616 check digits for a country and BBAN. */
    public static String iban(String country, String bban) {
        String digits = (bban + country + "00").chars().mapToObj(ch -> Character.isDigit(ch) ? String.valueOf((char) ch)
                : String.valueOf(ch - 'A' + 10)).reduce("", String::concat);
        int check = 98 - new BigInteger(digits).mod(BigInteger.valueOf(97)).intValue();
        return country + String.format("%02d", check) + bban;
    }

    // ---- reports ---------------------------------------------------------------------------------

    /** One expense of a report. */
    public record Expense(LocalDate date, String vendor, String type, String account, String costCenter, BigDecimal amount,
                          String taxCode, String project) {}

    /** The demo's projects (code, name, cost center): the lines of that cost center are booked to the project. */
    static final String[][] PROJECTS = {{"P-7001", "Lagerumbau Hamburg", "CC-430"}, {"P-8001", "Hub Basel", "CC-520"}};

    static final String[][] DE_EXPENSES = {{"Deutsche Bahn", "TRAIN", "6650", "DE-VAT-7"},
            {"Lufthansa", "AIRFR", "6650", "DE-VAT-19"}, {"Hotel Atlantic Hamburg", "LODNG", "6660", "DE-VAT-7"},
            {"Motel One München", "LODNG", "6660", "DE-VAT-7"}, {"Sixt", "CARRT", "6650", "DE-VAT-19"},
            {"Restaurant Vapiano", "BUSML", "6640", "DE-VAT-19"}, {"Taxi Berlin", "TAXI", "6650", "DE-VAT-7"}};
    static final String[][] CH_EXPENSES = {{"SBB CFF FFS", "TRAIN", "6500", "CH-VAT-8.1"},
            {"Swiss International Air Lines", "AIRFR", "6500", "CH-VAT-8.1"}, {"Hotel Schweizerhof Bern", "LODNG", "6510", "CH-VAT-3.8"},
            {"Restaurant Kronenhalle", "BUSML", "6520", "CH-VAT-8.1"}, {"Taxi 444 Zürich", "TAXI", "6500", "CH-VAT-8.1"}};

    /** Random but reproducible expenses for a person: 1 to 4 receipts in the last weeks. */
    public static List<Expense> expenses(Random random, World world, Person person, LocalDate today) {
        boolean de = person.entity().equals(world.entityDe());
        String[][] catalogue = de ? DE_EXPENSES : CH_EXPENSES;
        String[] centers = de ? new String[] {"CC-410", "CC-420", "CC-430"} : new String[] {"CC-510", "CC-520"};
        List<Expense> out = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        LocalDate trip = today.minusDays(3 + random.nextInt(20));
        String center = centers[random.nextInt(centers.length)];
        for (int i = 0; i < n; i++) {
            String[] e = catalogue[random.nextInt(catalogue.length)];
            BigDecimal amount = BigDecimal.valueOf(1_500 + random.nextInt(38_000), 2).setScale(2, RoundingMode.UNNECESSARY);
            out.add(new Expense(trip.plusDays(i % 2), e[0], e[1], e[2], center, amount, e[3], project(center)));
        }
        return out;
    }

    /** The project a cost center's trips are booked to, or null (chosen without the random source, so reports stay as they were). */
    static String project(String costCenter) {
        for (String[] p : PROJECTS) {
            if (p[2].equals(costCenter)) {
                return p[0];
            }
        }
        return null;
    }

    /** A Concur Expense Report v4 document, approved. Amounts are JSON numbers, as Concur sends them. */
    public static ObjectNode report(String reportId, Person person, String purpose, String currency, List<Expense> expenses,
                                    Instant approvedAt) {
        ObjectNode r = Api.JSON.createObjectNode();
        r.put("reportId", reportId);
        r.put("name", purpose);
        r.put("reportDate", approvedAt.toString().substring(0, 10));
        r.put("submitDate", approvedAt.minusSeconds(86_400).toString());
        r.put("approvedDate", approvedAt.toString());
        r.putObject("approvalStatus").put("code", "A_APPR").put("name", "Approved");
        r.putObject("paymentStatus").put("code", "P_NOTP").put("name", "Not Paid");
        r.put("currencyCode", currency);
        r.putObject("reportOwner").put("userId", "u-" + person.loginId()).put("employeeId", person.employeeId())
                .put("loginId", person.loginId()).put("name", person.name());
        r.putObject("approver").put("loginId", person.manager());
        ArrayNode lines = r.putArray("expenses");
        BigDecimal total = BigDecimal.ZERO;
        int i = 1;
        for (Expense e : expenses) {
            ObjectNode x = lines.addObject();
            x.put("expenseId", reportId + "-" + i++);
            x.put("transactionDate", e.date().toString());
            x.putObject("vendor").put("name", e.vendor());
            x.putObject("expenseType").put("id", e.type()).put("name", e.type());
            x.put("accountCode", e.account());
            ObjectNode allocation = x.putArray("allocations").addObject().put("costCenter", e.costCenter()).put("percentage", 100);
            if (e.project() != null) {
                allocation.put("project", e.project());
            }
            x.putObject("transactionAmount").put("value", e.amount()).put("currencyCode", currency);
            x.putObject("approvedAmount").put("value", e.amount()).put("currencyCode", currency);
            x.put("taxCode", e.taxCode());
            x.put("receiptImageHash", sha256(reportId + "|" + e.vendor() + "|" + e.date() + "|" + e.amount()));
            total = total.add(e.amount());
        }
        r.putObject("reportTotal").put("value", total).put("currencyCode", currency);
        return r;
    }

    /** The same receipts submitted again under another report id (a duplicate claim). */
    public static ObjectNode resubmitted(JsonNode original, String newId) {
        ObjectNode copy = original.deepCopy();
        copy.put("reportId", newId);
        int i = 1;
        for (JsonNode e : copy.withArray("expenses")) {
            ((ObjectNode) e).put("expenseId", newId + "-" + i++);
        }
        return copy;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
