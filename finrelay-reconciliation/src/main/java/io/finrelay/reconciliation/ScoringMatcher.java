package io.finrelay.reconciliation;

import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.BankStatementLine.Direction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.IntStream;

/**
 * The full matcher: statement lines against open items, per legal entity and currency, receivables
 * against credits and payables against debits. Pure and deterministic: lines and items are put in
 * order of their ids first, so the result does not depend on the input's order, and ties go to the
 * lower ids.
 *
 * <ol>
 *   <li>Returns: a line with return details is a {@link MatchResult.Return} naming the item it returns
 *       (by the original end-to-end id, the original payment id, or the line's own end-to-end id).</li>
 *   <li>Exact keys, by hash index: end-to-end id, ISO 11649 creditor reference (check digits valid),
 *       invoice numbers among the remittance text's tokens, a payment run's id for a batched debit
 *       (the run's items add up to the line).</li>
 *   <li>Rules: a line that no exact key claims is booked by the first tenant rule it fits.</li>
 *   <li>Scored candidates within blocks (the counterparty's IBAN or name, the exact amount; dates
 *       within the window): 1:1, 1:N by the references in the text or by a bounded subset sum of the
 *       counterparty's open items, N:1 instalments naming one item, partial payments, payments short
 *       by a bank fee, foreign-currency credits by their original amount, references with a typo.</li>
 *   <li>Assignment: candidates by score, best first, each line and item taken once; a match is AUTO
 *       when its score reaches the threshold and beats the best competing candidate for any of its
 *       lines or items by the margin, else SUGGESTED.</li>
 * </ol>
 *
 * The score is the sum of the reasons' weights, at most 1 (see {@link Weights}).
 */
public final class ScoringMatcher implements Matcher {

    /** What each feature adds to a score; a match's reasons carry exactly these weights. */
    public static final class Weights {
        public static final double END_TO_END_ID = 0.6;
        public static final double CREDITOR_REFERENCE = 0.6;
        public static final double PAYMENT_RUN = 0.6;
        public static final double INVOICE_NUMBER = 0.5;
        /** A short numeric invoice number (5 or 6 digits): found in many texts by chance. */
        public static final double INVOICE_NUMBER_SHORT = 0.3;
        public static final double REFERENCE_TYPO_1 = 0.3;
        public static final double REFERENCE_TYPO_2 = 0.2;
        public static final double COUNTERPARTY_IBAN = 0.4;
        /** An equal name; a similar one (half of the words shared or more) weighs 0.2 x the share. */
        public static final double COUNTERPARTY_NAME = 0.25;
        /** What a name adds when the IBAN already matched. */
        public static final double COUNTERPARTY_NAME_WITH_IBAN = 0.05;
        public static final double AMOUNT_EXACT = 0.4;
        public static final double AMOUNT_FEE = 0.3;
        public static final double AMOUNT_FX = 0.3;
        /** The items named in the text (or the lines naming one item) add up to the amount. */
        public static final double AMOUNT_SUM = 0.4;
        /** Some of the counterparty's open items add up to the amount, found by searching: a guess. */
        public static final double AMOUNT_SUBSET = 0.25;
        public static final double AMOUNT_PARTIAL = 0.05;
        /** A line that pays more than the item it names: a suggestion, the surplus is the customer's credit. */
        public static final double AMOUNT_OVERPAID = 0.05;
        /** On the due date; falls linearly to 0 at the edge of the date window. */
        public static final double DATE = 0.1;

        private Weights() {}
    }

    static final int F_E2E = 1;
    static final int F_RF = 1 << 1;
    static final int F_RUN = 1 << 2;
    static final int F_INV = 1 << 3;
    static final int F_INV_SHORT = 1 << 4;
    static final int F_TYPO = 1 << 5;
    static final int F_IBAN = 1 << 6;
    static final int F_NAME = 1 << 7;
    static final int F_EXACT = 1 << 8;
    static final int F_FEE = 1 << 9;
    static final int F_FX = 1 << 10;
    static final int F_SUM = 1 << 11;
    static final int F_SUBSET = 1 << 12;
    static final int F_PARTIAL = 1 << 13;
    static final int F_DATE = 1 << 14;
    static final int F_ORIGINAL = 1 << 15;
    static final int F_OVERPAID = 1 << 16;
    static final int EXACT_REFS = F_E2E | F_RF | F_RUN | F_INV | F_INV_SHORT;
    static final int REFS = EXACT_REFS | F_TYPO;

    private static final int MAX_BLOCK = 64;
    private static final int MAX_AMOUNT_BUCKET = 16;
    private static final int MAX_SUBSET_POOL = 20;
    private static final int MAX_PER_LINE = 6;
    private static final int MAX_REFERENCED = 50;

    public ScoringMatcher() {}

    @Override
    public MatchResult match(MatchInput input) {
        return new Run(input).run();
    }

    /** One candidate: a line (or lines) and an item (or items), with what was found. */
    static final class Cand {
        final int line;
        final int[] lines;
        final int item;
        final int[] items;
        final int features;
        final double nameWeight;
        final int typo;
        final String typoToken;
        /** The date's weight in thousandths (0 when outside the window or unknown). */
        final int dateMilli;
        final long diff;
        final int cur;
        /** The sum of the weights, uncapped: ranks candidates and measures the margin (two capped scores of 1 would tie). */
        final double raw;
        final double score;
        int seq;

        Cand(int line, int[] lines, int item, int[] items, int features, double nameWeight, int typo, String typoToken,
             int dateMilli, long diff, int cur) {
            this.line = line;
            this.lines = lines;
            this.item = item;
            this.items = items;
            this.features = features;
            this.nameWeight = nameWeight;
            this.typo = typo;
            this.typoToken = typoToken;
            this.dateMilli = dateMilli;
            this.diff = diff;
            this.cur = cur;
            this.raw = rawScore(features, nameWeight, typo, dateMilli);
            this.score = Math.min(1.0, raw);
        }

        int lineCount() {
            return lines == null ? 1 : lines.length;
        }

        int lineAt(int k) {
            return lines == null ? line : lines[k];
        }

        int itemCount() {
            return items == null ? 1 : items.length;
        }

        int itemAt(int k) {
            return items == null ? item : items[k];
        }

        Match.Difference.Kind kind() {
            if ((features & F_PARTIAL) != 0) {
                return Match.Difference.Kind.PARTIAL;
            }
            if ((features & F_OVERPAID) != 0) {
                return Match.Difference.Kind.OVERPAYMENT;
            }
            if ((features & F_FEE) != 0) {
                return Match.Difference.Kind.FEE;
            }
            if ((features & F_FX) != 0) {
                return Match.Difference.Kind.FX;
            }
            return Match.Difference.Kind.NONE;
        }
    }

    static double dateWeight(int days, int window) {
        return days < 0 || days > window ? 0 : Weights.DATE * (1 - (double) days / (window + 1));
    }

    /** The sum of the features' weights (the score is this, at most 1). */
    private static double rawScore(int f, double nameWeight, int typo, int dateMilli) {
        double s = 0;
        if ((f & F_E2E) != 0) {
            s += Weights.END_TO_END_ID;
        }
        if ((f & F_RF) != 0) {
            s += Weights.CREDITOR_REFERENCE;
        }
        if ((f & F_RUN) != 0) {
            s += Weights.PAYMENT_RUN;
        }
        if ((f & F_INV) != 0) {
            s += Weights.INVOICE_NUMBER;
        } else if ((f & F_INV_SHORT) != 0) {
            s += Weights.INVOICE_NUMBER_SHORT;
        }
        if ((f & F_TYPO) != 0) {
            s += typo == 1 ? Weights.REFERENCE_TYPO_1 : Weights.REFERENCE_TYPO_2;
        }
        s += counterpartyWeight(f, nameWeight);
        s += amountWeight(f);
        s += dateMilli / 1000.0;
        return Math.round(s * 1e6) / 1e6;
    }

    static double counterpartyWeight(int f, double nameWeight) {
        if ((f & F_IBAN) != 0) {
            return Weights.COUNTERPARTY_IBAN + ((f & F_NAME) != 0 ? Weights.COUNTERPARTY_NAME_WITH_IBAN : 0);
        }
        return (f & F_NAME) != 0 ? nameWeight : 0;
    }

    static double amountWeight(int f) {
        if ((f & F_SUM) != 0) {
            return (f & F_FEE) != 0 ? Weights.AMOUNT_FEE : Weights.AMOUNT_SUM;
        }
        if ((f & F_SUBSET) != 0) {
            return Weights.AMOUNT_SUBSET;
        }
        if ((f & F_EXACT) != 0) {
            return Weights.AMOUNT_EXACT;
        }
        if ((f & F_FEE) != 0) {
            return Weights.AMOUNT_FEE;
        }
        if ((f & F_FX) != 0) {
            return Weights.AMOUNT_FX;
        }
        if ((f & F_OVERPAID) != 0) {
            return Weights.AMOUNT_OVERPAID;
        }
        return (f & F_PARTIAL) != 0 ? Weights.AMOUNT_PARTIAL : 0;
    }

    /** One run of the matcher over one input. */
    private static final class Run {
        private final MatchInput input;
        private final Settings settings;
        private final Line[] lines;
        private final OpenItem[] items;
        private final List<Currency> currencies = new ArrayList<>();
        private final Map<Currency, Integer> currencyIndex = new HashMap<>();
        private final long[] feeTolerance;
        private final long fxPpm;
        // lines
        private final int[] lCur;
        private final long[] lAmt;
        private final int[] lOrigCur;
        private final long[] lOrigAmt;
        private final long[] lDay;
        private final boolean[] lCredit;
        private final int[] lEntity;
        private final boolean[] iReceivable;
        private final int[] iEntity;
        private final Map<String, Integer> entities = new HashMap<>();
        // items
        private final int[] iCur;
        private final long[] iAmt;
        private final long[] iDay;
        private final String[] iIban;
        private final String[] iName;
        private final StringIndex byEndToEnd;
        private final StringIndex byRf;
        private final StringIndex byInvoice;
        private final StringIndex byRun;
        private final StringIndex byIban;
        private final StringIndex byName;
        private final LongIntMultiMap byAmount;
        private final List<Rule> rules;
        private final Pattern[] rulePatterns;
        private final Set<Long> rejected = new HashSet<>();
        /** Each distinct counterparty name of the items, reduced once ({@link Text#nameKey}; "" when nothing is left). */
        private final Map<String, String> nameKeys;

        Run(MatchInput input) {
            this.input = input;
            this.settings = input.settings();
            lines = input.lines().toArray(Line[]::new);
            items = input.items().toArray(OpenItem[]::new);
            Arrays.parallelSort(lines, Comparator.comparing(Line::id));
            Arrays.parallelSort(items, Comparator.comparing(OpenItem::id));
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].id().equals(lines[i - 1].id())) {
                    throw new IllegalArgumentException("line id " + lines[i].id() + " appears twice in the input");
                }
            }
            for (int i = 1; i < items.length; i++) {
                if (items[i].id().equals(items[i - 1].id())) {
                    throw new IllegalArgumentException("open item id " + items[i].id() + " appears twice in the input");
                }
            }
            int n = lines.length;
            lCur = new int[n];
            lAmt = new long[n];
            lOrigCur = new int[n];
            lOrigAmt = new long[n];
            lDay = new long[n];
            lCredit = new boolean[n];
            lEntity = new int[n];
            for (int i = 0; i < n; i++) {
                // numbering currencies and entities is kept in one thread, in line order
                BankStatementLine b = lines[i].line();
                lCur[i] = currency(b.amount().currency());
                Money orig = b.originalAmount();
                lOrigCur[i] = orig == null || orig.currency().equals(b.amount().currency()) ? -1 : currency(orig.currency());
                lEntity[i] = entity(lines[i].legalEntity());
            }
            IntStream.range(0, n).parallel().forEach(i -> {
                BankStatementLine b = lines[i].line();
                lAmt[i] = b.amount().toMinorUnits();
                lOrigAmt[i] = lOrigCur[i] < 0 ? 0 : b.originalAmount().toMinorUnits();
                lDay[i] = b.bookingDate() == null ? Long.MIN_VALUE : b.bookingDate().toEpochDay();
                lCredit[i] = b.direction() == Direction.CREDIT;
            });
            int m = items.length;
            iCur = new int[m];
            iAmt = new long[m];
            iDay = new long[m];
            iReceivable = new boolean[m];
            iEntity = new int[m];
            iIban = new String[m];
            iName = new String[m];
            String[] e2e = new String[m];
            String[] rf = new String[m];
            String[] inv = new String[m];
            String[] run = new String[m];
            for (int i = 0; i < m; i++) {
                OpenItem it = items[i];
                iCur[i] = currency(it.amount().currency());
                iEntity[i] = entity(it.legalEntity());
            }
            // the items' keys are independent of each other: computed in parallel, each in its own slot
            // a customer's name repeats on all its items: each distinct name is reduced once, and its
            // items share one key instance ("" stands for a name that reduces to nothing)
            // sized for many customers up front: a table resized under the parallel readers sends them round its forwarding nodes
            nameKeys = new java.util.concurrent.ConcurrentHashMap<>(Math.max(16, m / 4));
            IntStream.range(0, m).parallel().forEach(i -> {
                OpenItem it = items[i];
                iAmt[i] = it.amount().toMinorUnits();
                iDay[i] = it.dueDate() == null ? Long.MIN_VALUE : it.dueDate().toEpochDay();
                iReceivable[i] = it.side() == OpenItem.Side.RECEIVABLE;
                iIban[i] = Text.compact(it.counterpartyIban());
                iName[i] = nameKey(nameKeys, it.counterpartyName());
                e2e[i] = Text.compact(it.endToEndId());
                rf[i] = Text.compact(it.creditorReference());
                inv[i] = Text.invoiceKey(it.invoiceNumber());
                run[i] = Text.alnum(it.paymentRunId());
            });
            String[][] keys = {e2e, rf, inv, run, iIban, iName};
            StringIndex[] built = new StringIndex[keys.length];
            LongIntMultiMap amounts = new LongIntMultiMap(m, m); // amounts are mostly distinct: sized once, never rehashed
            IntStream.rangeClosed(0, keys.length).parallel().forEach(k -> {
                if (k < keys.length) {
                    // references are mostly one per item; IBANs, names and payment runs are shared by many
                    built[k] = new StringIndex(keys[k], k < 3);
                } else {
                    for (int i = 0; i < m; i++) {
                        amounts.put(amountKey(iReceivable[i], iCur[i], iAmt[i]), i);
                    }
                }
            });
            byEndToEnd = built[0];
            byRf = built[1];
            byInvoice = built[2];
            byRun = built[3];
            byIban = built[4];
            byName = built[5];
            byAmount = amounts;
            feeTolerance = new long[currencies.size() + settings.feeTolerance().size()];
            for (Map.Entry<String, Money> e : settings.feeTolerance().entrySet()) {
                int c = currency(e.getValue().currency());
                if (c < feeTolerance.length) {
                    feeTolerance[c] = e.getValue().toMinorUnits();
                }
            }
            fxPpm = settings.fxTolerance().movePointRight(6).setScale(0, RoundingMode.FLOOR).longValueExact();
            rules = input.rules().stream().sorted(Comparator.comparingInt(Rule::order).thenComparing(Rule::name)).toList();
            rulePatterns = new Pattern[rules.size()];
            for (int r = 0; r < rules.size(); r++) {
                String p = rules.get(r).textPattern();
                try {
                    rulePatterns[r] = p == null ? null : Pattern.compile(p, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("rule " + rules.get(r).name() + ": textPattern is not a regular expression: "
                            + e.getDescription(), e);
                }
            }
            for (MatchInput.RejectedPair pair : input.rejected()) {
                int l = lineIndex(pair.lineId());
                int it = itemIndex(pair.itemId());
                if (l >= 0 && it >= 0) {
                    rejected.add(((long) l << 32) | it);
                }
            }
        }

        /** {@link Text#nameKey} of a name, reduced once per distinct name and shared by the items that bear it. */
        private static String nameKey(Map<String, String> known, String name) {
            if (name == null) {
                return null;
            }
            String key = known.get(name); // lock-free; computeIfAbsent locks the bin even when the name is there
            if (key == null) {
                String reduced = Text.nameKey(name);
                key = known.putIfAbsent(name, reduced == null ? "" : reduced);
                if (key == null) {
                    key = reduced == null ? "" : reduced;
                }
            }
            return key.isEmpty() ? null : key;
        }

        /** A line's counterparty name reduced: most payers are customers whose name the items' keys have reduced already. */
        private String lineNameKey(String name) {
            if (name == null) {
                return null;
            }
            String key = nameKeys.get(name); // read only: the lines' names are not kept
            if (key == null) {
                return Text.nameKey(name);
            }
            return key.isEmpty() ? null : key;
        }

        private int currency(Currency c) {
            Integer i = currencyIndex.get(c);
            if (i == null) {
                i = currencies.size();
                currencies.add(c);
                currencyIndex.put(c, i);
            }
            return i;
        }

        private static long amountKey(boolean receivable, int cur, long amount) {
            return (amount << 12) ^ ((long) cur << 1) ^ (receivable ? 1 : 0);
        }

        private int lineIndex(String id) {
            return indexById(lines, id, Line::id);
        }

        private int itemIndex(String id) {
            return indexById(items, id, OpenItem::id);
        }

        /** Where {@code id} is in {@code sorted} (sorted by id), or -1. */
        private static <T> int indexById(T[] sorted, String id, java.util.function.Function<T, String> idOf) {
            int lo = 0;
            int hi = sorted.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = idOf.apply(sorted[mid]).compareTo(id);
                if (c == 0) {
                    return mid;
                }
                if (c < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return -1;
        }

        // ---------------------------------------------------------------- per line

        /** What one line came to before the assignment. */
        private record Outcome(MatchResult.Return ret, Rule rule, Cand[] cands) {}

        private static final Outcome NOTHING = new Outcome(null, null, null);

        MatchResult run() {
            Outcome[] outcomes = new Outcome[lines.length];
            IntStream.range(0, lines.length).parallel().forEach(i -> outcomes[i] = outcome(i));
            List<Cand> all = new ArrayList<>();
            for (Outcome o : outcomes) {
                if (o.cands() != null) {
                    all.addAll(Arrays.asList(o.cands()));
                }
            }
            all.addAll(instalments(outcomes));
            return assign(outcomes, all);
        }

        private boolean compatible(int l, int it) {
            return lCredit[l] == iReceivable[it] && (iEntity[it] < 0 || iEntity[it] == lEntity[l])
                    && (iCur[it] == lCur[l] || iCur[it] == lOrigCur[l]);
        }

        private int entity(String legalEntity) {
            if (legalEntity == null) {
                return -1;
            }
            Integer e = entities.get(legalEntity);
            if (e == null) {
                e = entities.size();
                entities.put(legalEntity, e);
            }
            return e;
        }

        private long comparable(int l, int it) {
            return iCur[it] == lCur[l] ? lAmt[l] : lOrigAmt[l];
        }

        private boolean isRejected(int l, int it) {
            return !rejected.isEmpty() && rejected.contains(((long) l << 32) | it);
        }

        private int days(int l, int it) {
            if (lDay[l] == Long.MIN_VALUE || iDay[it] == Long.MIN_VALUE) {
                return -1;
            }
            return (int) Math.min(Integer.MAX_VALUE, Math.abs(lDay[l] - iDay[it]));
        }

        private boolean withinFx(long diff, long amount) {
            try {
                return Math.multiplyExact(Math.abs(diff), 1_000_000L) <= Math.multiplyExact(fxPpm, amount);
            } catch (ArithmeticException e) {
                return BigDecimal.valueOf(Math.abs(diff)).multiply(BigDecimal.valueOf(1_000_000L))
                        .compareTo(BigDecimal.valueOf(fxPpm).multiply(BigDecimal.valueOf(amount))) <= 0;
            }
        }

        /** Items found for a line, each with the exact reference features that found it; reused per thread. */
        private static final class Hits {
            static final int MAX = 512;
            final int[] items = new int[MAX];
            final int[] refs = new int[MAX];
            final int[] slots = new int[MAX];
            int n;
            private final int[] table = new int[MAX * 2];

            Hits reset() {
                for (int i = 0; i < n; i++) {
                    table[slots[i]] = 0;
                }
                n = 0;
                return this;
            }

            void add(int item, int ref) {
                int mask = table.length - 1;
                int s = (item * 0x9E3779B9 >>> 16) & mask;
                while (table[s] != 0) {
                    int pos = table[s] - 1;
                    if (items[pos] == item) {
                        refs[pos] |= ref;
                        return;
                    }
                    s = (s + 1) & mask;
                }
                if (n == MAX) {
                    return;
                }
                table[s] = n + 1;
                slots[n] = s;
                items[n] = item;
                refs[n++] = ref;
            }
        }

        private final ThreadLocal<Hits> hitsOfThread = ThreadLocal.withInitial(Hits::new);
        private final ThreadLocal<Tokens> tokensOfThread = ThreadLocal.withInitial(Tokens::new);
        /** A line's candidates while they are found; the best are copied out. */
        private final ThreadLocal<List<Cand>> candsOfThread = ThreadLocal.withInitial(ArrayList::new);
        private static final Comparator<Cand> BEST_FIRST = Comparator.comparingDouble((Cand c) -> -c.raw);

        private Outcome outcome(int l) {
            BankStatementLine b = lines[l].line();
            if (b.isReturn()) {
                return new Outcome(returned(l), null, null);
            }
            if (b.status() == BankStatementLine.EntryStatus.INFORMATION || b.reversal()) {
                return NOTHING;
            }
            Tokens tokens = tokensOfThread.get().clear();
            tokens.addText(b.remittanceText());
            tokens.addText(b.additionalInfo());
            tokens.addText(b.customerReference());
            tokens.addText(b.creditorReference());
            tokens.addWhole(Text.compact(b.creditorReference()));
            // the text's references; a payment run may also be named by the entry's references, added below
            int refTokens = tokens.size();
            Hits hits = hitsOfThread.get().reset();
            String e2e = Text.compact(b.endToEndId());
            if (e2e != null && !e2e.equals("NOTPROVIDED")) {
                for (int v = byEndToEnd.first(e2e); v >= 0; v = byEndToEnd.next(v, e2e)) {
                    if (compatible(l, v)) {
                        hits.add(v, F_E2E);
                    }
                }
            }
            char[] chars = tokens.chars();
            for (int k = 0; k < refTokens; k++) {
                int from = tokens.start(k);
                int len = tokens.length(k);
                if (tokens.validRf(k)) {
                    for (int v = byRf.first(chars, from, len, tokens.hash(k)); v >= 0; v = byRf.next(v, chars, from, len)) {
                        if (compatible(l, v)) {
                            hits.add(v, F_RF);
                        }
                    }
                }
                int prefix = tokens.corePrefix(k);
                if (prefix >= 0) {
                    // the core: the token without its leading letters (Text.core)
                    int coreFrom = from + prefix;
                    int coreLen = len - prefix;
                    long coreHash = prefix == 0 ? tokens.hash(k) : StringIndex.hash(chars, coreFrom, coreLen);
                    int ref = Text.weakCore(chars, coreFrom, coreLen) ? F_INV_SHORT : F_INV;
                    for (int v = byInvoice.first(chars, coreFrom, coreLen, coreHash); v >= 0;
                            v = byInvoice.next(v, chars, coreFrom, coreLen)) {
                        if (compatible(l, v)) {
                            hits.add(v, ref);
                        }
                    }
                }
            }
            List<Cand> cands = candsOfThread.get();
            cands.clear();
            tokens.addWhole(Text.alnum(b.entryReference()));
            tokens.addWhole(Text.alnum(b.bankReference()));
            boolean runClaimed = paymentRuns(l, tokens, cands);
            if (hits.n == 0 && !runClaimed) {
                Rule rule = rule(b);
                if (rule != null) {
                    return new Outcome(null, rule, null);
                }
            }
            int exactHits = hits.n;
            String lineIban = Text.compact(b.counterpartyAccount());
            String lineName = lineNameKey(b.counterpartyName());
            String ultimateName = lineNameKey(b.ultimateCounterparty());
            boolean settledByKey = false;
            for (int h = 0; h < exactHits; h++) {
                Cand c = single(l, hits.items[h], hits.refs[h], tokens, refTokens, lineIban, lineName, ultimateName);
                if (c != null) {
                    cands.add(c);
                    settledByKey |= (c.features & (F_EXACT | F_FEE | F_FX)) != 0;
                }
            }
            if (!settledByKey) {
                // no reference settles the line: look in its blocks (an exact key found, the blocks
                // could only add candidates that lose to it by far)
                block(l, byIban, lineIban, hits);
                block(l, byName, lineName, hits);
                block(l, byName, ultimateName, hits);
                boolean receivable = b.direction() == Direction.CREDIT;
                bucket(l, amountKey(receivable, lCur[l], lAmt[l]), hits);
                if (lOrigCur[l] >= 0) {
                    bucket(l, amountKey(receivable, lOrigCur[l], lOrigAmt[l]), hits);
                }
                for (int h = exactHits; h < hits.n; h++) {
                    Cand c = single(l, hits.items[h], 0, tokens, exactHits > 0 ? 0 : refTokens, lineIban, lineName, ultimateName);
                    if (c != null) {
                        cands.add(c);
                    }
                }
            }
            boolean grouped = referencedGroup(l, hits, exactHits, lineIban, lineName, ultimateName, cands);
            if (!settledByKey && !grouped && !runClaimed) {
                subsetSum(l, hits, lineIban, lineName, ultimateName, cands);
            }
            if (cands.isEmpty()) {
                return NOTHING;
            }
            cands.sort(BEST_FIRST);
            Cand[] best = new Cand[Math.min(MAX_PER_LINE, cands.size())];
            for (int k = 0; k < best.length; k++) {
                best[k] = cands.get(k);
            }
            return new Outcome(null, null, best);
        }

        private void block(int l, StringIndex index, String key, Hits hits) {
            int taken = 0;
            for (int v = index.first(key); v >= 0 && taken < MAX_BLOCK; v = index.next(v, key)) {
                if (compatible(l, v)) {
                    hits.add(v, 0);
                    taken++;
                }
            }
        }

        private void bucket(int l, long key, Hits hits) {
            int taken = 0;
            for (int v = byAmount.first(key); v >= 0 && taken < MAX_AMOUNT_BUCKET; v = byAmount.next(v)) {
                if (compatible(l, v)) {
                    hits.add(v, 0);
                    taken++;
                }
            }
        }

        /** How alike the line's names are to the item's counterparty's, in [0,1]. */
        private double nameSimilarity(int it, String lineName, String ultimateName) {
            return Math.max(Text.nameSimilarity(lineName, iName[it]), Text.nameSimilarity(ultimateName, iName[it]));
        }

        /** F_IBAN when the IBANs are equal, F_NAME when the names are alike (see {@link #nameWeight}). */
        private int counterparty(int it, String lineIban, double nameSimilarity) {
            int f = 0;
            if (lineIban != null && lineIban.equals(iIban[it])) {
                f |= F_IBAN;
            }
            return nameSimilarity >= 0.5 ? f | F_NAME : f;
        }

        /** What a name this alike weighs: all of {@link Weights#COUNTERPARTY_NAME} when equal, 0.2 x the share from half on. */
        private static double nameWeight(double nameSimilarity) {
            if (nameSimilarity >= 1) {
                return Weights.COUNTERPARTY_NAME;
            }
            return nameSimilarity >= 0.5 ? Math.round(0.2 * nameSimilarity * 1000) / 1000.0 : 0;
        }

        /** {@code typoTokens}: how many of the line's tokens to compare with the item's references for a typo (0: none). */
        private Cand single(int l, int it, int refs, Tokens tokens, int typoTokens, String lineIban, String lineName,
                            String ultimateName) {
            if (isRejected(l, it)) {
                return null;
            }
            long cmp = comparable(l, it);
            boolean foreign = iCur[it] != lCur[l];
            long diff = cmp - iAmt[it];
            int f = refs;
            if (diff == 0) {
                f |= F_EXACT;
            } else if (diff < 0 && -diff <= feeTolerance[iCur[it]]) {
                f |= F_FEE;
            } else if (foreign && withinFx(diff, iAmt[it])) {
                f |= F_FX;
            } else if (diff < 0 && (refs & EXACT_REFS) != 0) {
                f |= F_PARTIAL;
            } else if (diff > 0 && (refs & EXACT_REFS) != 0) {
                // the line names the item and pays more: the item is paid, the surplus stays the customer's credit
                f |= F_OVERPAID;
            } else {
                // an overpayment or a partial payment without a reference: no candidate
                return null;
            }
            if (foreign) {
                f |= F_ORIGINAL;
            }
            int d = days(l, it);
            boolean inWindow = d >= 0 && d <= settings.dateWindowDays();
            int typo = 0;
            String typoToken = null;
            if ((refs & EXACT_REFS) == 0) {
                if (d >= 0 && !inWindow) {
                    return null;
                }
                for (int k = 0; k < typoTokens; k++) {
                    if (tokens.length(k) < 8) {
                        continue; // too short to tell a typo from another reference
                    }
                    int dist = typoDistance(tokens.string(k), it);
                    if (dist > 0 && (typo == 0 || dist < typo)) {
                        typo = dist;
                        typoToken = tokens.string(k);
                    }
                }
                if (typo > 0) {
                    f |= F_TYPO;
                }
            }
            double sim = nameSimilarity(it, lineName, ultimateName);
            f |= counterparty(it, lineIban, sim);
            if ((f & REFS) == 0 && (f & (F_IBAN | F_NAME)) == 0 && (f & F_EXACT) == 0) {
                return null;
            }
            if (inWindow) {
                f |= F_DATE;
            }
            return new Cand(l, null, it, null, f, nameWeight(sim), typo, typoToken, inWindow ? (int) Math.round(dateWeight(d,
                    settings.dateWindowDays()) * 1000) : 0, diff, iCur[it]);
        }

        /** 1 or 2 when a long token is that many edits from one of the item's references, else 0. */
        private int typoDistance(String token, int it) {
            if (token.length() < 8) {
                return 0;
            }
            int best = 0;
            for (int r = 0; r < 3; r++) {
                String ref = r == 0 ? Text.alnum(items[it].invoiceNumber()) : r == 1 ? byRf.key(it) : byEndToEnd.key(it);
                if (ref != null && ref.length() >= 8) {
                    int d = Text.editDistance(token, ref, 2);
                    if (d >= 1 && d <= 2 && (best == 0 || d < best)) {
                        best = d;
                    }
                    String core = Text.core(ref);
                    String tokenCore = Text.core(token);
                    if (core != null && tokenCore != null && core.length() >= 8 && !core.equals(ref)) {
                        int dc = Text.editDistance(tokenCore, core, 2);
                        if (dc >= 1 && dc <= 2 && (best == 0 || dc < best)) {
                            best = dc;
                        }
                    }
                }
            }
            return best;
        }

        /** A batched debit: the line names a payment run (by a token or an entry's reference) whose items add up to it. */
        private boolean paymentRuns(int l, Tokens tokens, List<Cand> cands) {
            char[] chars = tokens.chars();
            boolean claimed = false;
            for (int k = 0; k < tokens.size(); k++) {
                int from = tokens.start(k);
                int len = tokens.length(k);
                int v = byRun.first(chars, from, len, tokens.hash(k));
                if (v < 0) {
                    continue;
                }
                List<Integer> members = new ArrayList<>();
                long sum = 0;
                boolean ok = true;
                for (; v >= 0; v = byRun.next(v, chars, from, len)) {
                    if (compatible(l, v) && iCur[v] == lCur[l]) {
                        if (isRejected(l, v)) {
                            ok = false;
                        }
                        members.add(v);
                        sum += iAmt[v];
                    }
                }
                if (members.isEmpty()) {
                    continue;
                }
                claimed = true;
                long diff = lAmt[l] - sum;
                int f = F_RUN;
                if (diff == 0) {
                    f |= F_SUM;
                } else if (diff < 0 && -diff <= feeTolerance[lCur[l]]) {
                    f |= F_SUM | F_FEE;
                } else {
                    continue;
                }
                if (ok) {
                    int[] its = members.stream().mapToInt(Integer::intValue).toArray();
                    cands.add(group(new int[] {l}, its, f, diff, lCur[l]));
                }
            }
            return claimed;
        }

        private Cand group(int[] ls, int[] its, int f, long diff, int cur) {
            int maxDays = -1;
            for (int x : ls) {
                for (int y : its) {
                    maxDays = Math.max(maxDays, days(x, y));
                }
            }
            if (maxDays >= 0 && maxDays <= settings.dateWindowDays()) {
                f |= F_DATE;
            }
            int dateMilli = (f & F_DATE) != 0 ? (int) Math.round(dateWeight(maxDays, settings.dateWindowDays()) * 1000) : 0;
            return new Cand(ls[0], ls.length == 1 ? null : ls, its[0], its.length == 1 ? null : its, f, 0, 0, null,
                    dateMilli, diff, cur);
        }

        /** Several items named in the text that add up to the line (1:N by references). */
        private boolean referencedGroup(int l, Hits hits, int exactHits, String lineIban, String lineName, String ultimateName,
                                        List<Cand> cands) {
            int[] named = new int[Math.min(exactHits, MAX_REFERENCED)];
            int count = 0;
            int cur = -1;
            boolean strong = true;
            for (int h = 0; h < exactHits && count < named.length; h++) {
                int it = hits.items[h];
                if ((hits.refs[h] & (F_INV | F_INV_SHORT | F_RF)) == 0 || isRejected(l, it)) {
                    continue;
                }
                if (cur >= 0 && iCur[it] != cur) {
                    return false;
                }
                cur = iCur[it];
                named[count++] = it;
                strong &= (hits.refs[h] & (F_INV | F_RF)) != 0;
            }
            if (count < 2) {
                return false;
            }
            int[] its = Arrays.copyOf(named, count);
            Arrays.sort(its);
            long sum = 0;
            for (int it : its) {
                sum += iAmt[it];
            }
            long cmp = comparable(l, its[0]);
            long diff = cmp - sum;
            int f = F_SUM | (strong ? F_INV : F_INV_SHORT);
            if (diff == 0) {
                // exact
            } else if (diff < 0 && -diff <= feeTolerance[cur]) {
                f |= F_FEE;
            } else {
                return false;
            }
            int cp = F_IBAN | F_NAME;
            double nameWeight = 1;
            for (int it : its) {
                double sim = nameSimilarity(it, lineName, ultimateName);
                cp &= counterparty(it, lineIban, sim);
                nameWeight = Math.min(nameWeight, nameWeight(sim));
            }
            Cand g = group(new int[] {l}, its, f | cp, diff, cur);
            cands.add(new Cand(g.line, g.lines, g.item, g.items, g.features, nameWeight, 0, null, g.dateMilli, diff, cur));
            return true;
        }

        /** Some of the counterparty's open items add up to the line: searched, at most maxSubsetSize of them. */
        private void subsetSum(int l, Hits hits, String lineIban, String lineName, String ultimateName, List<Cand> cands) {
            int[] pool = new int[MAX_SUBSET_POOL];
            int[] poolCp = new int[MAX_SUBSET_POOL];
            double[] poolName = new double[MAX_SUBSET_POOL];
            int n = 0;
            for (int h = 0; h < hits.n && n < MAX_SUBSET_POOL; h++) {
                int it = hits.items[h];
                double sim = nameSimilarity(it, lineName, ultimateName);
                int cp = counterparty(it, lineIban, sim);
                if ((cp & F_IBAN) == 0 && nameWeight(sim) < 0.2) {
                    continue;
                }
                long cmp = comparable(l, it);
                int d = days(l, it);
                if (iAmt[it] >= cmp || isRejected(l, it) || (d >= 0 && d > settings.dateWindowDays())
                        || (n > 0 && iCur[it] != iCur[pool[0]])) {
                    continue;
                }
                pool[n] = it;
                poolCp[n] = cp;
                poolName[n++] = nameWeight(sim);
            }
            if (n < 2) {
                return;
            }
            long target = comparable(l, pool[0]);
            List<int[]> found = new ArrayList<>();
            search(pool, n, 0, target, new int[settings.maxSubsetSize()], 0, found);
            for (int[] subset : found) {
                int cp = F_IBAN | F_NAME;
                double nameWeight = 1;
                int[] its = new int[subset.length];
                for (int k = 0; k < subset.length; k++) {
                    its[k] = pool[subset[k]];
                    cp &= poolCp[subset[k]];
                    nameWeight = Math.min(nameWeight, poolName[subset[k]]);
                }
                Arrays.sort(its);
                Cand g = group(new int[] {l}, its, F_SUBSET | cp, 0, iCur[its[0]]);
                cands.add(new Cand(g.line, g.lines, g.item, g.items, g.features, nameWeight, 0, null, g.dateMilli, 0, g.cur));
            }
        }

        private void search(int[] pool, int n, int from, long rest, int[] chosen, int size, List<int[]> found) {
            if (rest == 0 && size >= 2) {
                found.add(Arrays.copyOf(chosen, size));
                return;
            }
            if (size == chosen.length || found.size() >= 3) {
                return;
            }
            for (int k = from; k < n && found.size() < 3; k++) {
                if (iAmt[pool[k]] <= rest) {
                    chosen[size] = k;
                    search(pool, n, k + 1, rest - iAmt[pool[k]], chosen, size + 1, found);
                }
            }
        }

        /** Several lines each naming the same item, together paying it (N:1 instalments). */
        private List<Cand> instalments(Outcome[] outcomes) {
            Map<Integer, List<Cand>> partials = new HashMap<>();
            for (Outcome o : outcomes) {
                if (o.cands() == null) {
                    continue;
                }
                for (Cand c : o.cands()) {
                    if (c.lines == null && c.items == null && (c.features & F_PARTIAL) != 0 && (c.features & EXACT_REFS) != 0) {
                        partials.computeIfAbsent(c.item, k -> new ArrayList<>()).add(c);
                    }
                }
            }
            List<Integer> keys = new ArrayList<>(partials.keySet());
            keys.sort(null);
            List<Cand> out = new ArrayList<>();
            for (int it : keys) {
                List<Cand> parts = partials.get(it);
                if (parts.size() < 2 || parts.size() > Math.max(settings.maxSubsetSize(), 12)) {
                    continue;
                }
                long sum = 0;
                int f = REFS | F_IBAN | F_NAME;
                double nameWeight = 1;
                int[] ls = new int[parts.size()];
                for (int k = 0; k < ls.length; k++) {
                    Cand c = parts.get(k);
                    ls[k] = c.line;
                    sum += comparable(c.line, it);
                    f &= c.features;
                    nameWeight = Math.min(nameWeight, (c.features & F_NAME) != 0 ? c.nameWeight : 0);
                }
                Arrays.sort(ls);
                long diff = sum - iAmt[it];
                int g = F_SUM;
                if (diff == 0) {
                    // exact
                } else if (diff < 0 && -diff <= feeTolerance[iCur[it]]) {
                    g |= F_FEE;
                } else {
                    continue;
                }
                Cand base = group(ls, new int[] {it}, f | g, diff, iCur[it]);
                out.add(new Cand(base.line, base.lines, base.item, null, base.features, nameWeight, 0, null, base.dateMilli, diff,
                        base.cur));
            }
            return out;
        }

        private Rule rule(BankStatementLine b) {
            for (int r = 0; r < rules.size(); r++) {
                Rule rule = rules.get(r);
                if (rule.direction() != null && rule.direction() != b.direction()) {
                    continue;
                }
                if (rule.bankTransactionCode() != null && (b.bankTransactionCode() == null
                        || !Rule.code(b.bankTransactionCode()).startsWith(Rule.code(rule.bankTransactionCode())))) {
                    continue;
                }
                if (rule.counterparty() != null && !contains(b.counterpartyName(), rule.counterparty())
                        && !contains(b.ultimateCounterparty(), rule.counterparty())) {
                    continue;
                }
                if (rulePatterns[r] != null && !(find(rulePatterns[r], b.remittanceText()) || find(rulePatterns[r], b.additionalInfo()))) {
                    continue;
                }
                return rule;
            }
            return null;
        }

        private static boolean contains(String text, String part) {
            return text != null && text.toUpperCase(Locale.ROOT).contains(part.toUpperCase(Locale.ROOT));
        }

        private static boolean find(Pattern p, String text) {
            return text != null && p.matcher(text).find();
        }

        private MatchResult.Return returned(int l) {
            BankStatementLine b = lines[l].line();
            BankStatementLine.ReturnDetails r = b.returnDetails();
            String[] refs = {r.originalEndToEndId(), r.originalPaymentId(), b.endToEndId()};
            for (String ref : refs) {
                String k = Text.compact(ref);
                if (k == null || k.equals("NOTPROVIDED")) {
                    continue;
                }
                int v = byEndToEnd.first(k);
                if (v < 0) {
                    v = byRun.first(Text.alnum(ref));
                }
                if (v < 0) {
                    v = itemIndex(ref);
                }
                if (v >= 0) {
                    return new MatchResult.Return(lines[l].id(), items[v].id(), ref, r.reasonCode(), r.reasonText());
                }
            }
            String original = r.originalEndToEndId() != null ? r.originalEndToEndId()
                    : r.originalPaymentId() != null ? r.originalPaymentId() : b.endToEndId();
            return new MatchResult.Return(lines[l].id(), null, original, r.reasonCode(), r.reasonText());
        }

        // ---------------------------------------------------------------- assignment

        private MatchResult assign(Outcome[] outcomes, List<Cand> all) {
            int n = all.size();
            double[] lineBest = new double[lines.length];
            double[] lineSecond = new double[lines.length];
            int[] lineBestIdx = new int[lines.length];
            double[] itemBest = new double[items.length];
            double[] itemSecond = new double[items.length];
            int[] itemBestIdx = new int[items.length];
            Arrays.fill(lineBestIdx, -1);
            Arrays.fill(itemBestIdx, -1);
            long[] order = new long[n];
            for (int c = 0; c < n; c++) {
                Cand cand = all.get(c);
                cand.seq = c;
                for (int k = 0, nl = cand.lineCount(); k < nl; k++) {
                    int l = cand.lineAt(k);
                    if (lineBestIdx[l] < 0 || cand.raw > lineBest[l]) {
                        lineSecond[l] = lineBestIdx[l] < 0 ? 0 : lineBest[l];
                        lineBest[l] = cand.raw;
                        lineBestIdx[l] = c;
                    } else if (cand.raw > lineSecond[l]) {
                        lineSecond[l] = cand.raw;
                    }
                }
                for (int k = 0, ni = cand.itemCount(); k < ni; k++) {
                    int it = cand.itemAt(k);
                    if (itemBestIdx[it] < 0 || cand.raw > itemBest[it]) {
                        itemSecond[it] = itemBestIdx[it] < 0 ? 0 : itemBest[it];
                        itemBest[it] = cand.raw;
                        itemBestIdx[it] = c;
                    } else if (cand.raw > itemSecond[it]) {
                        itemSecond[it] = cand.raw;
                    }
                }
                order[c] = ((10_000_000L - Math.round(cand.raw * 1_000_000)) << 32) | c;
            }
            Arrays.parallelSort(order);
            boolean[] lineTaken = new boolean[lines.length];
            boolean[] itemTaken = new boolean[items.length];
            List<Cand> accepted = new ArrayList<>();
            List<Boolean> autos = new ArrayList<>();
            for (long key : order) {
                Cand c = all.get((int) (key & 0xffffffffL));
                int nl = c.lineCount();
                int ni = c.itemCount();
                boolean free = true;
                for (int k = 0; k < nl; k++) {
                    free &= !lineTaken[c.lineAt(k)];
                }
                for (int k = 0; k < ni; k++) {
                    free &= !itemTaken[c.itemAt(k)];
                }
                if (!free) {
                    continue;
                }
                double runnerUp = 0;
                for (int k = 0; k < nl; k++) {
                    int l = c.lineAt(k);
                    runnerUp = Math.max(runnerUp, lineBestIdx[l] == c.seq ? lineSecond[l] : lineBest[l]);
                }
                for (int k = 0; k < ni; k++) {
                    int it = c.itemAt(k);
                    runnerUp = Math.max(runnerUp, itemBestIdx[it] == c.seq ? itemSecond[it] : itemBest[it]);
                }
                // an overpayment is never cleared without a person: someone decides what becomes of the surplus
                boolean auto = c.score >= settings.autoThreshold() && c.raw > runnerUp
                        && c.raw - runnerUp >= settings.margin() - 1e-9 && (c.features & F_OVERPAID) == 0;
                for (int k = 0; k < nl; k++) {
                    lineTaken[c.lineAt(k)] = true;
                }
                for (int k = 0; k < ni; k++) {
                    itemTaken[c.itemAt(k)] = true;
                }
                accepted.add(c);
                autos.add(auto);
            }
            // the matches in the order of their first line; built in parallel
            long[] byLine = new long[accepted.size()];
            for (int k = 0; k < byLine.length; k++) {
                byLine[k] = ((long) accepted.get(k).line << 32) | k;
            }
            Arrays.parallelSort(byLine);
            Match.Difference[] exact = new Match.Difference[currencies.size()];
            for (int k = 0; k < exact.length; k++) {
                exact[k] = new Match.Difference(Money.zero(currencies.get(k)), Match.Difference.Kind.NONE);
            }
            Match[] built = new Match[byLine.length];
            IntStream.range(0, built.length).parallel().forEach(k -> {
                int at = (int) (byLine[k] & 0xffffffffL);
                Cand c = accepted.get(at);
                built[k] = toMatch(c, autos.get(at), exact);
            });
            List<Match> sorted = Arrays.asList(built);
            List<MatchResult.RuleHit> ruleHits = new ArrayList<>();
            List<MatchResult.Return> returns = new ArrayList<>();
            List<String> unmatchedLines = new ArrayList<>();
            for (int l = 0; l < lines.length; l++) {
                Outcome o = outcomes[l];
                if (o.ret() != null) {
                    returns.add(o.ret());
                } else if (o.rule() != null) {
                    ruleHits.add(new MatchResult.RuleHit(lines[l].id(), o.rule()));
                } else if (!lineTaken[l]) {
                    unmatchedLines.add(lines[l].id());
                }
            }
            List<String> unmatchedItems = new ArrayList<>();
            for (int it = 0; it < items.length; it++) {
                if (!itemTaken[it]) {
                    unmatchedItems.add(items[it].id());
                }
            }
            return new MatchResult(sorted, ruleHits, returns, unmatchedLines, unmatchedItems);
        }

        private Match toMatch(Cand c, boolean auto, Match.Difference[] exact) {
            List<Line> ms;
            List<String> lineIds;
            if (c.lines == null) {
                ms = List.of(lines[c.line]);
                lineIds = List.of(lines[c.line].id());
            } else {
                ms = Arrays.stream(c.lines).mapToObj(l -> lines[l]).toList();
                lineIds = ms.stream().map(Line::id).toList();
            }
            List<OpenItem> is;
            List<String> itemIds;
            if (c.items == null) {
                is = List.of(items[c.item]);
                itemIds = List.of(items[c.item].id());
            } else {
                is = Arrays.stream(c.items).mapToObj(it -> items[it]).toList();
                itemIds = is.stream().map(OpenItem::id).toList();
            }
            Match.Difference.Kind kind = c.kind();
            // most matches are exact: they share one difference of zero per currency
            Match.Difference difference = kind == Match.Difference.Kind.NONE && c.diff == 0 ? exact[c.cur]
                    : new Match.Difference(Money.ofMinor(c.diff, currencies.get(c.cur)), kind);
            Found found = new Found(c.features, c.nameWeight, c.typo, c.typoToken, c.dateMilli, currencies.get(c.cur), ms, is);
            return new Match(lineIds, itemIds, c.score, found, difference,
                    auto ? Match.Status.AUTO : Match.Status.SUGGESTED);
        }
    }

    /**
     * A match's reasons as the matcher found them: the features, the few figures they name and the lines and
     * items they were found on. Written out as text only when read (most AUTO matches never are).
     */
    record Found(int features, double nameWeight, int typo, String typoToken, int dateMilli, Currency currency,
                 List<Line> lines, List<OpenItem> items) implements Explanation {

        @Override
        public List<Reason> reasons() {
            List<Reason> out = new ArrayList<>(6);
            int f = features;
            BankStatementLine first = lines.getFirst().line();
            OpenItem item = items.getFirst();
            if ((f & F_E2E) != 0) {
                out.add(new Reason("end-to-end-id", first.endToEndId(), Weights.END_TO_END_ID));
            }
            if ((f & F_RUN) != 0) {
                out.add(new Reason("payment-run", item.paymentRunId(), Weights.PAYMENT_RUN));
            }
            if ((f & F_RF) != 0) {
                out.add(new Reason("creditor-reference", joined(OpenItem::creditorReference), Weights.CREDITOR_REFERENCE));
            }
            if ((f & F_INV) != 0 || (f & F_INV_SHORT) != 0) {
                out.add(new Reason("invoice-number", joined(OpenItem::invoiceNumber),
                        (f & F_INV) != 0 ? Weights.INVOICE_NUMBER : Weights.INVOICE_NUMBER_SHORT));
            }
            if ((f & F_TYPO) != 0) {
                String ref = item.invoiceNumber() != null ? item.invoiceNumber()
                        : item.creditorReference() != null ? item.creditorReference() : item.endToEndId();
                out.add(new Reason("reference-typo", typoToken + " ~ " + ref + " (" + typo + (typo == 1 ? " edit)" : " edits)"),
                        typo == 1 ? Weights.REFERENCE_TYPO_1 : Weights.REFERENCE_TYPO_2));
            }
            if ((f & F_IBAN) != 0) {
                out.add(new Reason("counterparty-iban", item.counterpartyIban(), Weights.COUNTERPARTY_IBAN));
            }
            if ((f & F_NAME) != 0) {
                out.add(new Reason("counterparty-name", item.counterpartyName(),
                        (f & F_IBAN) != 0 ? Weights.COUNTERPARTY_NAME_WITH_IBAN : nameWeight));
            }
            Money lineTotal = null;
            for (Line l : lines) {
                BankStatementLine b = l.line();
                Money paid = b.amount().currency().equals(currency) ? b.amount() : b.originalAmount();
                lineTotal = lineTotal == null ? paid : lineTotal.plus(paid);
            }
            Money itemTotal = null;
            for (OpenItem it : items) {
                itemTotal = itemTotal == null ? it.amount() : itemTotal.plus(it.amount());
            }
            String paid = ((f & F_ORIGINAL) != 0 ? "original amount " : "") + lineTotal;
            double aw = amountWeight(f);
            if ((f & F_SUM) != 0) {
                String what = lines.size() > 1 ? lines.size() + " lines pay " + itemTotal : items.size() + " items total " + itemTotal;
                out.add(new Reason("amount-sum", paid + ": " + what + ((f & F_FEE) != 0 ? " less a fee" : ""), aw));
            } else if ((f & F_SUBSET) != 0) {
                out.add(new Reason("amount-subset", paid + ": " + items.size() + " of the counterparty's open items total "
                        + itemTotal, aw));
            } else if ((f & F_EXACT) != 0) {
                out.add(new Reason("amount", paid, aw));
            } else if ((f & F_FEE) != 0) {
                out.add(new Reason("amount-fee", paid + " for " + itemTotal + ", short by " + itemTotal.minus(lineTotal).amount()
                        .toPlainString(), aw));
            } else if ((f & F_FX) != 0) {
                out.add(new Reason("amount-fx", paid + " for " + itemTotal + ", off by " + lineTotal.minus(itemTotal).amount()
                        .toPlainString(), aw));
            } else if ((f & F_PARTIAL) != 0) {
                out.add(new Reason("amount-partial", paid + " of " + itemTotal + ", " + itemTotal.minus(lineTotal).amount()
                        .toPlainString() + " stays open", aw));
            } else if ((f & F_OVERPAID) != 0) {
                out.add(new Reason("amount-overpaid", paid + " for " + itemTotal + ", " + lineTotal.minus(itemTotal).amount()
                        .toPlainString() + " more than is owed", aw));
            }
            if ((f & F_DATE) != 0) {
                int maxDays = 0;
                for (Line l : lines) {
                    for (OpenItem it : items) {
                        maxDays = Math.max(maxDays, days(l.line(), it));
                    }
                }
                out.add(new Reason("date", maxDays + (maxDays == 1 ? " day" : " days") + " from the due date", dateMilli / 1000.0));
            }
            return List.copyOf(out);
        }

        private static int days(BankStatementLine b, OpenItem it) {
            if (b.bookingDate() == null || it.dueDate() == null) {
                return -1;
            }
            return (int) Math.min(Integer.MAX_VALUE, Math.abs(b.bookingDate().toEpochDay() - it.dueDate().toEpochDay()));
        }

        private String joined(java.util.function.Function<OpenItem, String> field) {
            if (items.size() == 1) {
                return field.apply(items.getFirst());
            }
            List<String> values = new ArrayList<>();
            for (OpenItem it : items) {
                String v = field.apply(it);
                if (v != null) {
                    values.add(v);
                }
            }
            return String.join(", ", values);
        }
    }
}
