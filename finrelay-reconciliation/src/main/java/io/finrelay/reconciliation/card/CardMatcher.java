package io.finrelay.reconciliation.card;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

/**
 * Corporate card transactions against the expense lines their holders reported: pure, so that the same
 * inputs give the same matches. A charge and a line match when they are the same holder's, their amounts
 * agree, their dates lie within the window, and their merchants are alike; each charge and each line is
 * matched at most once, the best-scoring pairs first.
 *
 * <p>Amounts, which is where a foreign charge differs from a domestic one:
 * <ul>
 *   <li>a line in the charge's <b>original</b> currency (a USD receipt in a USD report) must carry the
 *       original amount exactly;</li>
 *   <li>a line in the <b>billing</b> currency must carry the billed amount exactly when the charge was in
 *       that currency; for a foreign charge the employee's expense platform converted the receipt at its own
 *       rate, not the card scheme's, so the line may differ from the billed amount by up to
 *       {@link Settings#fxTolerance} of it (a closer amount scores higher);</li>
 *   <li>a line in any other currency never matches.</li>
 * </ul>
 */
public final class CardMatcher {
    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();
    /** Words of a card statement's merchant text that say nothing about who was paid. */
    private static final Set<String> NOISE = Set.of("GMBH", "AG", "KG", "SE", "SA", "SAS", "SARL", "SRL", "SPA", "BV",
            "NV", "LTD", "LIMITED", "PLC", "INC", "LLC", "CORP", "CO", "THE", "UND", "AND", "ET", "WWW", "COM", "NET",
            "DE", "FR", "GB", "UK", "US", "NL", "CH", "AT", "IT", "ES", "EU", "MKTP", "MARKETPLACE", "PAYMENT", "POS",
            "SQ", "PAYPAL", "SUMUP", "ZETTLE", "ONLINE", "STORE", "SHOP", "FILIALE", "BRANCH");

    private CardMatcher() {}

    /**
     * One card transaction: whose card ({@code holder}: the employee id the card is issued to), when it was
     * made, where, what the issuer billed and, for a foreign charge, what was paid in the merchant's currency.
     */
    public record Charge(String transactionId, String holder, LocalDate transactionDate, String merchant,
                         BigDecimal billingAmount, String billingCurrency, BigDecimal originalAmount,
                         String originalCurrency) {
        public Charge {
            Objects.requireNonNull(transactionId, "transactionId");
            Objects.requireNonNull(holder, "holder");
            Objects.requireNonNull(transactionDate, "transactionDate");
            Objects.requireNonNull(merchant, "merchant");
            Objects.requireNonNull(billingAmount, "billingAmount");
            Objects.requireNonNull(billingCurrency, "billingCurrency");
            if (originalAmount == null || originalCurrency == null) {
                originalAmount = billingAmount;
                originalCurrency = billingCurrency;
            }
        }

        /** Paid in another currency than the card bills in. */
        public boolean foreign() {
            return !originalCurrency.equals(billingCurrency);
        }
    }

    /**
     * One line of an expense report: whose report, the receipt's date, merchant and amount in the report currency,
     * and whether the employee said it was paid by company card ({@code companyPaid}) or out of pocket.
     */
    public record ExpenseLine(String reportId, String lineId, String holder, LocalDate date, String merchant,
                              BigDecimal amount, String currency, boolean companyPaid) {
        public ExpenseLine {
            Objects.requireNonNull(reportId, "reportId");
            Objects.requireNonNull(lineId, "lineId");
            Objects.requireNonNull(holder, "holder");
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(currency, "currency");
            merchant = merchant == null ? "" : merchant;
        }
    }

    /**
     * How close is close enough: the days a line's date may lie before or after the transaction date, the
     * share of the billed amount a foreign charge's line may differ by, and the least merchant similarity (0-1).
     */
    public record Settings(int dateWindowDays, BigDecimal fxTolerance, double minMerchantSimilarity) {
        public static final Settings DEFAULT = new Settings(3, new BigDecimal("0.03"), 0.6);

        public Settings {
            if (dateWindowDays < 0 || dateWindowDays > 60) {
                throw new IllegalArgumentException("dateWindowDays must lie in [0, 60]: " + dateWindowDays);
            }
            Objects.requireNonNull(fxTolerance, "fxTolerance");
            if (fxTolerance.signum() < 0 || fxTolerance.compareTo(new BigDecimal("0.10")) > 0) {
                throw new IllegalArgumentException("fxTolerance must lie in [0, 0.10]: " + fxTolerance);
            }
            if (minMerchantSimilarity < 0 || minMerchantSimilarity > 1) {
                throw new IllegalArgumentException("minMerchantSimilarity must lie in [0, 1]: " + minMerchantSimilarity);
            }
        }
    }

    /** Which amount agreed. */
    public enum Basis { BILLING_AMOUNT, ORIGINAL_AMOUNT, CONVERTED_WITHIN_FX_TOLERANCE }

    /** A charge matched to a line, how well (0-1), on which amount, and how alike the merchants were. */
    public record Match(Charge charge, ExpenseLine line, double score, Basis basis, double merchantSimilarity) {
        /**
         * The line the charge matched says the employee paid it out of pocket: the charge was on the company's
         * card, so the employee may be reimbursed for what the issuer also bills the company (to be checked).
         */
        public boolean lineClaimedAsCash() {
            return !line.companyPaid();
        }
    }

    /** The matches, best first; a charge or line in none of them is unmatched. */
    public static List<Match> match(List<Charge> charges, List<ExpenseLine> lines, Settings settings) {
        // A domestic charge can only match a line of its exact amount: those are looked up by holder, currency
        // and amount; a foreign charge is compared with all its holder's lines.
        Map<String, List<ExpenseLine>> byHolder = new HashMap<>();
        Map<String, List<ExpenseLine>> byAmount = new HashMap<>();
        for (ExpenseLine l : lines) {
            byHolder.computeIfAbsent(l.holder(), h -> new ArrayList<>()).add(l);
            byAmount.computeIfAbsent(amountKey(l.holder(), l.currency(), l.amount()), k -> new ArrayList<>()).add(l);
        }
        List<Match> candidates = new ArrayList<>();
        // Each merchant's words once per run, however many pairs it is compared in.
        Map<String, List<String>> words = new HashMap<>();
        for (Charge c : charges) {
            List<ExpenseLine> possible = c.foreign() ? byHolder.getOrDefault(c.holder(), List.of())
                    : byAmount.getOrDefault(amountKey(c.holder(), c.billingCurrency(), c.billingAmount()), List.of());
            for (ExpenseLine l : possible) {
                Match m = candidate(c, l, settings, words);
                if (m != null) {
                    candidates.add(m);
                }
            }
        }
        // A card charge is explained by a line paid by company card first: pairs with such lines are taken before
        // any pair with a line claimed as cash, whatever their scores. Then best first; equal scores in a fixed
        // order (transaction id, then report and line) for the same answer every time.
        candidates.sort(Comparator.comparing((Match m) -> m.lineClaimedAsCash())
                .thenComparing(Comparator.comparingDouble(Match::score).reversed())
                .thenComparing(m -> m.charge().transactionId())
                .thenComparing(m -> m.line().reportId())
                .thenComparing(m -> m.line().lineId()));
        Set<String> chargesTaken = new HashSet<>();
        Set<String> linesTaken = new HashSet<>();
        List<Match> out = new ArrayList<>();
        for (Match m : candidates) {
            String lineKey = m.line().reportId() + "\u0000" + m.line().lineId();
            if (!chargesTaken.contains(m.charge().transactionId()) && !linesTaken.contains(lineKey)) {
                chargesTaken.add(m.charge().transactionId());
                linesTaken.add(lineKey);
                out.add(m);
            }
        }
        return out;
    }

    private static String amountKey(String holder, String currency, BigDecimal amount) {
        return holder + "\u0000" + currency + "\u0000" + amount.stripTrailingZeros().toPlainString();
    }

    /** The pair scored, or null when amount, date or merchant rule it out. */
    static Match candidate(Charge c, ExpenseLine l, Settings settings, Map<String, List<String>> words) {
        long days = Math.abs(ChronoUnit.DAYS.between(c.transactionDate(), l.date()));
        if (days > settings.dateWindowDays()) {
            return null;
        }
        Basis basis;
        double amountScore;
        if (c.foreign() && l.currency().equals(c.originalCurrency())) {
            basis = Basis.ORIGINAL_AMOUNT;
            amountScore = l.amount().compareTo(c.originalAmount()) == 0 ? 1 : -1;
        } else if (l.currency().equals(c.billingCurrency()) && l.amount().compareTo(c.billingAmount()) == 0) {
            basis = Basis.BILLING_AMOUNT;
            amountScore = 1;
        } else if (c.foreign() && l.currency().equals(c.billingCurrency())) {
            basis = Basis.CONVERTED_WITHIN_FX_TOLERANCE;
            BigDecimal off = l.amount().subtract(c.billingAmount()).abs()
                    .divide(c.billingAmount().abs(), MathContext.DECIMAL64);
            amountScore = off.compareTo(settings.fxTolerance()) > 0 ? -1
                    : 1 - off.doubleValue() / Math.max(settings.fxTolerance().doubleValue(), 1e-9) * 0.5;
        } else {
            return null;
        }
        if (amountScore < 0) {
            return null;
        }
        double merchant = similarity(words.computeIfAbsent(c.merchant(), CardMatcher::words),
                words.computeIfAbsent(l.merchant(), CardMatcher::words));
        if (merchant < settings.minMerchantSimilarity()) {
            return null;
        }
        double dateScore = settings.dateWindowDays() == 0 ? 1 : 1 - (double) days / (settings.dateWindowDays() + 1);
        return new Match(c, l, 0.4 * amountScore + 0.4 * merchant + 0.2 * dateScore, basis, merchant);
    }

    /**
     * How alike two merchant names are (0-1), as a card statement and a receipt spell them: {@code LUFTHANSA
     * 2201234567890} and {@code Lufthansa}, {@code AMZN Mktp DE*2K4LL0} and {@code Amazon}, {@code DB
     * Vertrieb GmbH} and {@code Deutsche Bahn}. Booking numbers, legal forms and payment-service words are
     * dropped; the rest is compared word by word (equal, one the other's start, the same consonants, or
     * alike by Jaro-Winkler), by the leading word, as initials, and as a whole (when nearly equal); the best of these counts.
     */
    public static double merchantSimilarity(String a, String b) {
        return similarity(words(a), words(b));
    }

    private static double similarity(List<String> x, List<String> y) {
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        // As a whole only when nearly the same: Jaro-Winkler finds HOTEL ADLON and HILTON BERLIN two-thirds alike.
        double whole = JARO_WINKLER.apply(String.join(" ", x), String.join(" ", y));
        whole = whole >= 0.9 ? whole : 0;
        double initials = initials(x, y) || initials(y, x) ? 0.85 : 0;
        double words = Math.max(byWords(x, y), byWords(y, x));
        // The name leads both a card descriptor and a receipt; what follows is a place or a branch
        // (APPLE STORE NEW YORK, Apple Store Fifth Avenue): the same first word weighs most.
        double leading = word(x.getFirst(), y.getFirst()) >= 0.9 ? 0.75 + 0.25 * words : 0;
        return Math.max(Math.max(whole, initials), Math.max(words, leading));
    }

    /** The share of {@code x}'s words found in {@code y}, each as well as it is found. */
    private static double byWords(List<String> x, List<String> y) {
        double sum = 0;
        for (String w : x) {
            double best = 0;
            for (String v : y) {
                best = Math.max(best, word(w, v));
            }
            sum += best;
        }
        return sum / x.size();
    }

    private static double word(String w, String v) {
        if (w.equals(v)) {
            return 1;
        }
        if (Math.min(w.length(), v.length()) >= 3 && (w.startsWith(v) || v.startsWith(w))) {
            return 0.9;
        }
        if (Math.min(w.length(), v.length()) >= 3 && skeleton(w).equals(skeleton(v))) {
            return 0.9;
        }
        double jw = JARO_WINKLER.apply(w, v);
        return jw >= 0.88 ? jw : 0;
    }

    /** {@code DB} for {@code Deutsche Bahn}: one short word made of the other's initials. */
    private static boolean initials(List<String> x, List<String> y) {
        if (y.size() < 2) {
            return false;
        }
        StringBuilder first = new StringBuilder();
        for (String w : y) {
            first.append(w.charAt(0));
        }
        return x.contains(first.toString());
    }

    /** The first letter and the consonants after it: AMZN for AMAZON, as card schemes shorten names. */
    private static String skeleton(String w) {
        StringBuilder out = new StringBuilder().append(w.charAt(0));
        for (int i = 1; i < w.length(); i++) {
            char c = w.charAt(i);
            if ("AEIOUY".indexOf(c) < 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Upper-case words of letters (accents dropped), without numbers, one-letter words or noise; in order, once
     * each. A loop over the characters rather than regular expressions: it runs for every merchant of a sweep.
     */
    static List<String> words(String text) {
        if (text == null) {
            return List.of();
        }
        String plain = text;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 127) {
                plain = Normalizer.normalize(text, Normalizer.Form.NFD);
                break;
            }
        }
        Set<String> out = new LinkedHashSet<>();
        StringBuilder word = new StringBuilder();
        boolean digit = false;
        for (int i = 0; i <= plain.length(); i++) {
            char c = i < plain.length() ? Character.toUpperCase(plain.charAt(i)) : ' ';
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue; // the accent of a letter NFD took apart
            }
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                word.append(c);
                digit |= c <= '9';
                continue;
            }
            // A word with digits is a booking number, a store number or a reference (2K4LL0), not a name.
            if (word.length() >= 2 && !digit && !NOISE.contains(word.toString())) {
                out.add(word.toString());
            }
            word.setLength(0);
            digit = false;
        }
        return List.copyOf(out);
    }
}
