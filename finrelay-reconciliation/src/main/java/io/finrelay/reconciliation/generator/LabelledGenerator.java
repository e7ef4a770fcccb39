package io.finrelay.reconciliation.generator;

import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.BankStatementLine.Direction;
import io.finrelay.model.bank.BankStatementLine.EntryStatus;
import io.finrelay.reconciliation.Line;
import io.finrelay.reconciliation.Match;
import io.finrelay.reconciliation.MatchInput;
import io.finrelay.reconciliation.OpenItem;
import io.finrelay.reconciliation.Rule;
import io.finrelay.reconciliation.Settings;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Statement lines and open items of one tenant with the truth: which lines pay which items, which are
 * noise for a rule, which return a payment, and which belong to nothing. Same seed, same data.
 *
 * <p>The mix, by share of scenarios started (each makes one line, a run or instalments make more):
 * <ul>
 *   <li>AP, 36 %: our own SEPA credit transfers dominate accounts payable and come back on the statement
 *       with the end-to-end id we sent (30 %); a pain.001 payment information block booked as one batched
 *       debit naming the run (2 %, 3-12 payables each); vendors' direct debits with the vendor's invoice
 *       number in the text (4 %).</li>
 *   <li>AR, 52 %: customers decide what they write. A structured RF reference (10 %: the share of invoices
 *       printed with an RF/QR code that payers copy); the invoice number in free text in whatever spelling
 *       (22 %: the bulk of B2B credits); nothing but the payer's IBAN and name (3 %); short by a bank fee
 *       (2 % within tolerance, 0.5 % beyond it: then a partial payment); foreign-currency credits booked
 *       in EUR with the original amount (1.5 %); one payment for several invoices, named (3 %) or not
 *       (1 %); instalments (1.5 %); partial payments (1.5 %); a typo in the reference (1 %); twins: the
 *       same customer pays two equal invoices on one day without a word (0.5 %).</li>
 *   <li>Noise, 12 %: bank charges and interest booked by rules (7 %), returns of our payments (AC04,
 *       AC01, MD07: 0.5 %), credits nobody expects (refunds, wrong account: 2 %), and the remaining
 *       lines plain pass-through (none).</li>
 * </ul>
 * Open items outnumber payments: unpaid invoices of the same customers (same amounts, same names) stay
 * in the input as distractors until the item count is reached.
 */
public final class LabelledGenerator {
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency GBP = Currency.getInstance("GBP");
    private static final LocalDate START = LocalDate.of(2026, 11, 2);
    private static final String NOT_PROVIDED = "NOTPROVIDED";

    /** What a line (or group of lines) truly is. */
    public enum Kind { MATCH, RULE, RETURN, NONE }

    /**
     * One truth: lines and the items they pay (MATCH, with the difference expected), a rule hit, a return
     * (itemIds holds the returned item), or a line belonging to nothing. {@code twinSet} names a set of
     * interchangeable twins (equal amount, day and customer, no reference): any pairing inside is right.
     */
    public record Expected(Kind kind, List<String> lineIds, List<String> itemIds, Match.Difference.Kind difference,
                           String scenario, String twinSet) {}

    /** The input and its truth. */
    public record Labelled(MatchInput input, List<Expected> truth) {}

    private record Party(String name, String bankName, String iban, String legalEntity) {}

    private final SplittableRandom random;
    private final List<Line> lines = new ArrayList<>();
    private final List<OpenItem> items = new ArrayList<>();
    private final List<Expected> truth = new ArrayList<>();
    private final Party[] customers;
    private final Party[] vendors;
    private int lineSeq;
    private int itemSeq;
    private int runSeq;
    private int twinSeq;
    private int invoiceSeq;

    private LabelledGenerator(long seed, int lineCount) {
        random = new SplittableRandom(seed);
        customers = parties(Math.max(50, lineCount / 15), "C");
        vendors = parties(Math.max(30, lineCount / 40), "V");
    }

    /** The settings the quality figures are measured with: the defaults, with a EUR 15 fee tolerance. */
    public static Settings settings() {
        return new Settings(0.9, 0.1, Map.of("EUR", Money.of("15.00", "EUR"), "USD", Money.of("15.00", "USD"),
                "GBP", Money.of("12.00", "GBP")), new java.math.BigDecimal("0.02"), 30, 4);
    }

    /** The tenant's rules for noise: bank charges by transaction code, interest and card fees by text. */
    public static List<Rule> rules() {
        return List.of(
                new Rule(10, "Bank charges", "ACMT-MDOP-CHRG", null, null, Direction.DEBIT, "6855", null),
                new Rule(20, "Interest", null, "zinsen|interest", null, null, "7100", null),
                new Rule(30, "Card acquirer fees", null, null, "Payone", Direction.DEBIT, "6856", "SALES"));
    }

    /** About {@code lineCount} lines and at least {@code itemCount} items. */
    public static Labelled generate(long seed, int lineCount, int itemCount) {
        LabelledGenerator g = new LabelledGenerator(seed, lineCount);
        while (g.lines.size() < lineCount) {
            g.scenario();
        }
        while (g.items.size() < itemCount) {
            g.unpaid();
        }
        return new Labelled(new MatchInput(g.lines, g.items, rules(), settings(), Set.of()), g.truth);
    }

    // ------------------------------------------------------------------ scenarios

    private void scenario() {
        int p = random.nextInt(1000);
        if (p < 300) {
            apEndToEnd();
        } else if (p < 320) {
            apRun();
        } else if (p < 360) {
            apDirectDebit();
        } else if (p < 460) {
            arSingle("ar-rf", true, 0, false);
        } else if (p < 680) {
            arSingle("ar-invoice-text", false, 0, false);
        } else if (p < 710) {
            arNoReference();
        } else if (p < 730) {
            arSingle("ar-fee", false, minor(50, 1500), false);
        } else if (p < 735) {
            arSingle("ar-fee-beyond-tolerance", false, minor(1600, 4000), false);
        } else if (p < 750) {
            arForeign();
        } else if (p < 780) {
            arSeveral(true);
        } else if (p < 790) {
            arSeveral(false);
        } else if (p < 805) {
            arInstalments();
        } else if (p < 820) {
            arPartial();
        } else if (p < 830) {
            arSingle("ar-typo", false, 0, true);
        } else if (p < 835) {
            arTwins();
        } else if (p < 905) {
            noise();
        } else if (p < 910) {
            returned();
        } else if (p < 930) {
            unknownCredit();
        } else {
            arSingle("ar-invoice-text", false, 0, false);
        }
    }

    private void apEndToEnd() {
        Party v = pick(vendors);
        OpenItem item = payable(v, "E2E-" + base36(itemSeq + 1_000_000L), null, amount());
        LocalDate booked = item.dueDate().plusDays(random.nextInt(3));
        Line l = line(v, booked, item.amount(), Direction.DEBIT, item.endToEndId(), null,
                "Invoice " + item.invoiceNumber(), null, null, null, null);
        match("ap-end-to-end", List.of(l), List.of(item), Match.Difference.Kind.NONE);
    }

    private void apRun() {
        String run = "PMTINF-" + START.getYear() + "-" + String.format(Locale.ROOT, "%06d", ++runSeq);
        int n = 3 + random.nextInt(10);
        List<OpenItem> run1 = new ArrayList<>();
        long total = 0;
        LocalDate due = due();
        // one payment information block pays from one account: one legal entity for the whole run
        String entity = random.nextInt(4) == 0 ? "FR01" : "DE01";
        for (int i = 0; i < n; i++) {
            Party v = pick(vendors);
            Money a = amount();
            OpenItem item = new OpenItem(nextItemId("AP"), OpenItem.Side.PAYABLE, entity, v.name(), v.iban(),
                    vendorInvoice(), null, "E2E-" + base36(itemSeq + 2_000_000L), run, a, due);
            items.add(item);
            run1.add(item);
            total += a.toMinorUnits();
        }
        Money sum = Money.ofMinor(total, EUR);
        BankStatementLine b = new BankStatementLine(1, 1, 1, EntryStatus.BOOKED, due, due, sum, Direction.DEBIT, false,
                "B" + base36(lineSeq + 7_000_000L), run, null, null, "SEPA-SAMMLER " + n + " POSTEN", null, null, null,
                "PMNT-ICDT-ESCT", null, null, null, null, null, null, null);
        Line l = new Line(nextLineId(), account(entity), entity, b);
        lines.add(l);
        truth.add(new Expected(Kind.MATCH, List.of(l.id()), run1.stream().map(OpenItem::id).toList(),
                Match.Difference.Kind.NONE, "ap-payment-run", null));
    }

    private void apDirectDebit() {
        Party v = pick(vendors);
        OpenItem item = payable(v, null, null, amount());
        Line l = line(v, item.dueDate(), item.amount(), Direction.DEBIT, "SDD" + base36(random.nextLong(1L << 40)), null,
                "Lastschrift Rechnung " + item.invoiceNumber() + " Kd-Nr " + (10000 + random.nextInt(89999)), null, null,
                "DE98ZZZ0" + (1000000 + random.nextInt(8999999)), "MREF-" + base36(random.nextLong(1L << 30)));
        match("ap-direct-debit", List.of(l), List.of(item), Match.Difference.Kind.NONE);
    }

    private void arSingle(String scenario, boolean rf, long shortBy, boolean typo) {
        Party c = pick(customers);
        Money a = amount();
        if (shortBy > 0 && shortBy * 4 > a.toMinorUnits()) {
            a = Money.ofMinor(a.toMinorUnits() + shortBy * 4, EUR);
        }
        OpenItem item = receivable(c, rf, a, EUR);
        Money paid = Money.ofMinor(a.toMinorUnits() - shortBy, EUR);
        String text;
        String structured = null;
        if (rf) {
            structured = item.creditorReference();
            text = null;
        } else {
            String ref = invoiceText(item.invoiceNumber());
            if (typo) {
                ref = typo(ref);
            }
            text = textAround(ref);
        }
        Line l = line(c, payDay(item), paid, Direction.CREDIT, customerEndToEnd(), structured, text, null, null, null, null);
        Match.Difference.Kind kind = shortBy == 0 ? Match.Difference.Kind.NONE
                : shortBy <= 1500 ? Match.Difference.Kind.FEE : Match.Difference.Kind.PARTIAL;
        match(scenario, List.of(l), List.of(item), kind);
    }

    private void arNoReference() {
        Party c = pick(customers);
        OpenItem item = receivable(c, false, amount(), EUR);
        String text = random.nextBoolean() ? null : pickOf("Zahlung", "Payment", "Ueberweisung", "Thank you");
        Line l = line(c, payDay(item), item.amount(), Direction.CREDIT, NOT_PROVIDED, null, text, null, null, null, null);
        match("ar-no-reference", List.of(l), List.of(item), Match.Difference.Kind.NONE);
    }

    private void arForeign() {
        Party c = pick(customers);
        Currency cur = random.nextBoolean() ? USD : GBP;
        Money a = amount(cur);
        OpenItem item = receivable(c, false, a, cur);
        boolean off = random.nextBoolean();
        long original = off ? a.toMinorUnits() - Math.max(1, a.toMinorUnits() / 100) : a.toMinorUnits();
        Money originalAmount = Money.ofMinor(original, cur);
        long eur = original * (cur == USD ? 92 : 117) / 100;
        Line l = line(c, payDay(item), Money.ofMinor(eur, EUR), Direction.CREDIT, NOT_PROVIDED, null,
                textAround(invoiceText(item.invoiceNumber())), originalAmount, null, null, null);
        // within the currency's fee tolerance (see settings()) the matcher rightly calls it a fee, beyond it FX
        boolean fee = off && a.toMinorUnits() - original <= (cur == USD ? 1500 : 1200);
        match("ar-foreign-currency", List.of(l), List.of(item),
                !off ? Match.Difference.Kind.NONE : fee ? Match.Difference.Kind.FEE : Match.Difference.Kind.FX);
    }

    private void arSeveral(boolean named) {
        Party c = pick(customers);
        int n = 2 + random.nextInt(named ? 3 : 2);
        List<OpenItem> paid = new ArrayList<>();
        long total = 0;
        LocalDate due = due();
        StringBuilder text = new StringBuilder(named ? pickOf("Invoices ", "Rechnungen ", "Factures ") : "Sammelzahlung");
        for (int i = 0; i < n; i++) {
            Money a = amount();
            OpenItem item = new OpenItem(nextItemId("AR"), OpenItem.Side.RECEIVABLE, c.legalEntity(), c.name(), c.iban(),
                    arInvoice(), null, null, null, a, due.plusDays(random.nextInt(5)));
            items.add(item);
            paid.add(item);
            total += a.toMinorUnits();
            if (named) {
                text.append(i == 0 ? "" : pickOf(", ", " / ", " + ", " ")).append(invoiceText(item.invoiceNumber()));
            }
        }
        Line l = line(c, due.plusDays(random.nextInt(10)), Money.ofMinor(total, EUR), Direction.CREDIT, NOT_PROVIDED, null,
                text.toString(), null, null, null, null);
        match(named ? "ar-several-named" : "ar-several-unnamed", List.of(l), paid, Match.Difference.Kind.NONE);
    }

    private void arInstalments() {
        Party c = pick(customers);
        Money a = Money.ofMinor(Math.max(30_000, amount().toMinorUnits()), EUR);
        OpenItem item = receivable(c, random.nextBoolean(), a, EUR);
        int n = 2 + random.nextInt(2);
        long rest = a.toMinorUnits();
        List<Line> paying = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long part = i == n - 1 ? rest : rest / (n - i) + random.nextInt(100) * 100L - 5000;
            rest -= part;
            String ref = item.creditorReference() != null ? item.creditorReference() : item.invoiceNumber();
            paying.add(line(c, payDay(item).plusDays(i * 3L), Money.ofMinor(part, EUR), Direction.CREDIT, NOT_PROVIDED,
                    null, pickOf("Rate ", "Instalment ", "Teilzahlung ") + (i + 1) + "/" + n + " " + ref, null, null, null, null));
        }
        match("ar-instalments", paying, List.of(item), Match.Difference.Kind.NONE);
    }

    private void arPartial() {
        Party c = pick(customers);
        Money a = Money.ofMinor(Math.max(20_000, amount().toMinorUnits()), EUR);
        OpenItem item = receivable(c, random.nextBoolean(), a, EUR);
        long part = a.toMinorUnits() * (20 + random.nextInt(60)) / 100;
        String ref = item.creditorReference() != null ? item.creditorReference() : invoiceText(item.invoiceNumber());
        Line l = line(c, payDay(item), Money.ofMinor(part, EUR), Direction.CREDIT, NOT_PROVIDED, null,
                pickOf("Teilzahlung ", "Part payment ", "Acompte ") + ref, null, null, null, null);
        match("ar-partial", List.of(l), List.of(item), Match.Difference.Kind.PARTIAL);
    }

    private void arTwins() {
        Party c = pick(customers);
        Money a = amount();
        LocalDate due = due();
        String set = "twins-" + (++twinSeq);
        OpenItem first = new OpenItem(nextItemId("AR"), OpenItem.Side.RECEIVABLE, c.legalEntity(), c.name(), c.iban(),
                arInvoice(), null, null, null, a, due);
        OpenItem second = new OpenItem(nextItemId("AR"), OpenItem.Side.RECEIVABLE, c.legalEntity(), c.name(), c.iban(),
                arInvoice(), null, null, null, a, due);
        items.add(first);
        items.add(second);
        LocalDate paid = due.plusDays(random.nextInt(5));
        Line l1 = line(c, paid, a, Direction.CREDIT, NOT_PROVIDED, null, "Zahlung", null, null, null, null);
        Line l2 = line(c, paid, a, Direction.CREDIT, NOT_PROVIDED, null, "Zahlung", null, null, null, null);
        truth.add(new Expected(Kind.MATCH, List.of(l1.id()), List.of(first.id()), Match.Difference.Kind.NONE, "ar-twins", set));
        truth.add(new Expected(Kind.MATCH, List.of(l2.id()), List.of(second.id()), Match.Difference.Kind.NONE, "ar-twins", set));
    }

    private void noise() {
        int kind = random.nextInt(3);
        LocalDate day = due();
        BankStatementLine b;
        String entity = random.nextInt(4) == 0 ? "FR01" : "DE01";
        if (kind == 0) {
            b = new BankStatementLine(1, 1, 1, EntryStatus.BOOKED, day, day, Money.ofMinor(minor(150, 4500), EUR), Direction.DEBIT,
                    false, null, null, null, null, pickOf("Kontofuehrungsgebuehr 11/2026", "Entgelt Auslandszahlung",
                    "Frais de tenue de compte"), "Deutsche Bank AG", null, null, "ACMT-MDOP-CHRG", null, null, null, null,
                    null, null, null);
        } else if (kind == 1) {
            boolean credit = random.nextBoolean();
            b = new BankStatementLine(1, 1, 1, EntryStatus.BOOKED, day, day, Money.ofMinor(minor(1, 90000), EUR),
                    credit ? Direction.CREDIT : Direction.DEBIT, false, null, null, null, null,
                    credit ? pickOf("Habenzinsen Q4", "Interest credit November") : "Sollzinsen 10/2026", null, null, null,
                    "ACMT-MDOP-INTR", null, null, null, null, null, null, null);
        } else {
            b = new BankStatementLine(1, 1, 1, EntryStatus.BOOKED, day, day, Money.ofMinor(minor(500, 30000), EUR),
                    Direction.DEBIT, false, null, null, null, null, "Disagio Kartenumsaetze " + day, "PAYONE GmbH",
                    "DE44500700100123456789", null, "PMNT-RDDT-ESDD", null, null, null, null, null, null, null);
        }
        Line l = new Line(nextLineId(), account(entity), entity, b);
        lines.add(l);
        truth.add(new Expected(Kind.RULE, List.of(l.id()), List.of(), null, "noise-rule", null));
    }

    private void returned() {
        Party v = pick(vendors);
        OpenItem item = payable(v, "E2E-" + base36(itemSeq + 3_000_000L), null, amount());
        String code = pickOf("AC04", "AC01", "MD07");
        BankStatementLine b = new BankStatementLine(1, 1, 1, EntryStatus.BOOKED, item.dueDate().plusDays(3),
                item.dueDate().plusDays(3), item.amount(), Direction.CREDIT, false, null, null, null, null,
                "RETOURE " + code, v.bankName(), v.iban(), null, "PMNT-ICDT-RRTN", null, null, null, null, null, null,
                new BankStatementLine.ReturnDetails(code, null, item.endToEndId(), null));
        String entity = item.legalEntity() == null ? "DE01" : item.legalEntity();
        Line l = new Line(nextLineId(), account(entity), entity, b);
        lines.add(l);
        truth.add(new Expected(Kind.RETURN, List.of(l.id()), List.of(item.id()), null, "return", null));
    }

    private void unknownCredit() {
        Party stranger = new Party("Unknown Payer " + random.nextInt(1_000_000), "UNKNOWN PAYER", iban("DE"), "DE01");
        Line l = line(stranger, due(), amount(), Direction.CREDIT, NOT_PROVIDED, null,
                pickOf("Erstattung", "Refund order 88412", "Gutschrift", null), null, null, null, null);
        truth.add(new Expected(Kind.NONE, List.of(l.id()), List.of(), null, "unknown-credit", null));
    }

    private void unpaid() {
        if (random.nextInt(3) == 0) {
            payable(pick(vendors), random.nextBoolean() ? "E2E-" + base36(itemSeq + 4_000_000L) : null, null, amount());
        } else {
            receivable(pick(customers), random.nextInt(5) == 0, amount(), EUR);
        }
    }

    // ------------------------------------------------------------------ parts

    private void match(String scenario, List<Line> ls, List<OpenItem> its, Match.Difference.Kind kind) {
        truth.add(new Expected(Kind.MATCH, ls.stream().map(Line::id).toList(), its.stream().map(OpenItem::id).toList(), kind,
                scenario, null));
    }

    private OpenItem payable(Party v, String e2e, String run, Money a) {
        OpenItem item = new OpenItem(nextItemId("AP"), OpenItem.Side.PAYABLE, v.legalEntity(), v.name(), v.iban(),
                vendorInvoice(), null, e2e, run, a, due());
        items.add(item);
        return item;
    }

    private OpenItem receivable(Party c, boolean rf, Money a, Currency cur) {
        String invoice = arInvoice();
        OpenItem item = new OpenItem(nextItemId("AR"), OpenItem.Side.RECEIVABLE, c.legalEntity(), c.name(), c.iban(), invoice,
                rf ? rf(invoice) : null, null, null, a.currency().equals(cur) ? a : Money.ofMinor(a.toMinorUnits(), cur), due());
        items.add(item);
        return item;
    }

    private Line line(Party p, LocalDate booked, Money amount, Direction direction, String e2e, String creditorReference,
                      String text, Money original, String additional, String creditorId, String mandate) {
        String entity = p.legalEntity() == null ? "DE01" : p.legalEntity();
        // The bank writes the payer's name its own way most of the time (upper case, legal form cut).
        String name = random.nextInt(10) < 6 ? p.bankName() : p.name();
        String iban = random.nextInt(20) == 0 ? iban("NL") : p.iban();
        BankStatementLine b = new BankStatementLine(1, 1, 1, EntryStatus.BOOKED, booked, booked, amount, direction, false,
                "B" + base36(lineSeq + 9_000_000L), null, e2e, creditorReference, text, name, iban, null,
                direction == Direction.CREDIT ? "PMNT-RCDT-ESCT" : "PMNT-ICDT-ESCT", original, additional, mandate, creditorId,
                null, null, null);
        Line l = new Line(nextLineId(), account(entity), entity, b);
        lines.add(l);
        return l;
    }

    private String nextLineId() {
        int n = lineSeq++;
        return String.format(Locale.ROOT, "F%05d:%d", n / 500, n % 500 + 1);
    }

    private String nextItemId(String prefix) {
        return String.format(Locale.ROOT, "%s-%08d", prefix, ++itemSeq);
    }

    private static String account(String entity) {
        return entity.equals("FR01") ? "FR7630006000011234567890189" : "DE89370400440532013000";
    }

    private Party[] parties(int n, String kind) {
        String[] first = {"Müller", "Schmidt", "Dupont", "Rossi", "García", "Nowak", "Jansen", "Andersson", "Kowalski", "Weber",
            "Lefèvre", "Bianchi", "Fischer", "Novak", "Horvath", "Meyer", "Costa", "Martin", "Berg", "Keller"};
        String[] second = {"Maschinenbau", "Logistik", "Handel", "Consulting", "Foods", "Textil", "Elektro", "Bau", "Pharma",
            "Software", "Metall", "Druck", "Transporte", "Medical", "Energie", "Automotive"};
        String[] form = {"GmbH", "AG", "GmbH & Co. KG", "S.A.", "S.r.l.", "B.V.", "Ltd", "SAS", "Sp. z o.o.", "e.K."};
        Party[] out = new Party[n];
        for (int i = 0; i < n; i++) {
            String core = first[random.nextInt(first.length)] + " " + second[random.nextInt(second.length)];
            if (random.nextInt(3) == 0) {
                core = core + " " + (char) ('A' + random.nextInt(26)) + (i % 97);
            } else {
                core = core + " " + kind + i;
            }
            String name = core + " " + form[random.nextInt(form.length)];
            String bank = core.toUpperCase(Locale.ROOT).replace("Ü", "UE").replace("Í", "I").replace("È", "E");
            String entity = random.nextInt(10) == 0 ? null : random.nextInt(4) == 0 ? "FR01" : "DE01";
            out[i] = new Party(name, bank, iban(random.nextInt(3) == 0 ? "FR" : "DE"), entity);
        }
        return out;
    }

    private String iban(String country) {
        StringBuilder bban = new StringBuilder();
        int len = country.equals("FR") ? 23 : country.equals("NL") ? 14 : 18;
        for (int i = 0; i < len; i++) {
            bban.append((char) ('0' + random.nextInt(10)));
        }
        String rearranged = bban + numeric(country) + "00";
        int check = 98 - new BigInteger(rearranged).mod(BigInteger.valueOf(97)).intValue();
        return country + String.format(Locale.ROOT, "%02d", check) + bban;
    }

    private static String numeric(String letters) {
        StringBuilder out = new StringBuilder();
        for (char c : letters.toCharArray()) {
            out.append(Character.digit(c, 36));
        }
        return out.toString();
    }

    /** An ISO 11649 reference over the invoice number: RF, check digits, the invoice's letters and digits. */
    static String rf(String invoice) {
        String body = invoice.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
        String rearranged = numeric(body) + numeric("RF") + "00";
        int check = 98 - new BigInteger(rearranged).mod(BigInteger.valueOf(97)).intValue();
        return "RF" + String.format(Locale.ROOT, "%02d", check) + body;
    }

    private String arInvoice() {
        return String.format(Locale.ROOT, "INV-2026-%06d", ++invoiceSeq);
    }

    private String vendorInvoice() {
        return switch (random.nextInt(3)) {
            case 0 -> "RE-" + (100000 + random.nextInt(900000)) + "-" + (itemSeq % 1000);
            case 1 -> String.format(Locale.ROOT, "%d/%07d", 2026, itemSeq);
            default -> "F" + base36(itemSeq + 50_000_000L);
        };
    }

    /** The invoice number as customers write it: separators and case vary, the prefix is sometimes theirs. */
    private String invoiceText(String invoice) {
        String digits = invoice.substring(4);
        return switch (random.nextInt(6)) {
            case 0 -> invoice;
            case 1 -> invoice.toLowerCase(Locale.ROOT);
            case 2 -> invoice.replace("-", "");
            case 3 -> "RE " + digits;
            case 4 -> "Rg." + digits.replace("-", "/");
            default -> "INV " + digits.replace("-", ".");
        };
    }

    private String textAround(String ref) {
        return switch (random.nextInt(4)) {
            case 0 -> ref;
            case 1 -> "Invoice " + ref + " thank you";
            case 2 -> "Rechnung Nr. " + ref + " Kd " + (1000 + random.nextInt(9000));
            default -> "Paiement facture " + ref;
        };
    }

    /** One transposition of neighbouring digits, or one digit replaced. */
    private String typo(String ref) {
        char[] c = ref.toCharArray();
        for (int tries = 0; tries < 20; tries++) {
            int i = c.length - 2 - random.nextInt(Math.min(6, c.length - 2));
            if (Character.isDigit(c[i]) && Character.isDigit(c[i + 1]) && c[i] != c[i + 1]) {
                char t = c[i];
                c[i] = c[i + 1];
                c[i + 1] = t;
                return new String(c);
            }
        }
        int last = c.length - 1;
        c[last] = c[last] == '9' ? '0' : (char) (c[last] + 1);
        return new String(c);
    }

    private String customerEndToEnd() {
        return random.nextInt(3) == 0 ? NOT_PROVIDED : "CUST" + base36(random.nextLong(1L << 40));
    }

    private LocalDate due() {
        return START.plusDays(random.nextInt(40));
    }

    private LocalDate payDay(OpenItem item) {
        return item.dueDate().plusDays(random.nextInt(15) - 3);
    }

    /** Invoice amounts: mostly uneven amounts from EUR 20 to 20,000, one in ten a round hundred. */
    private Money amount() {
        return amount(EUR);
    }

    private Money amount(Currency cur) {
        if (random.nextInt(10) == 0) {
            return Money.ofMinor((1 + random.nextInt(50)) * 10_000L, cur);
        }
        // a decade first (20-200, 200-2,000, 2,000-20,000), then evenly within it: about log-uniform
        long from = new long[] {2_000L, 20_000L, 200_000L}[random.nextInt(3)];
        return Money.ofMinor(from + random.nextLong(from * 9), cur);
    }

    private long minor(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    @SafeVarargs
    private <T> T pickOf(T... values) {
        return values[random.nextInt(values.length)];
    }

    private static String base36(long n) {
        return Long.toString(n, 36).toUpperCase(Locale.ROOT);
    }
}
