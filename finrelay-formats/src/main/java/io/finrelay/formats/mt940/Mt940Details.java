package io.finrelay.formats.mt940;

import io.finrelay.formats.LineSignals;
import io.finrelay.model.bank.BankStatementLine.ReturnDetails;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The information to account owner, field :86:, in the dialects banks really send:
 * <ul>
 *   <li>German (ZKA/DK) structure: a 3-digit transaction code, then subfields {@code ?00} booking
 *       text, {@code ?20}-{@code ?29} and {@code ?60}-{@code ?63} purpose (with SEPA keywords
 *       IBAN+, BIC+, EREF+, KREF+, MREF+, CRED+, DEBT+, COAM+, OAMT+, SVWZ+, ABWA+, ABWE+, BREF+,
 *       RREF+), {@code ?30} bank code or BIC, {@code ?31} account or IBAN, {@code ?32}/{@code ?33}
 *       name, {@code ?34} the return reason key; Triodos writes {@code >} instead of {@code ?};</li>
 *   <li>Dutch tags (Rabobank, ING, ABN): {@code /EREF/.../NAME/.../REMI/...}, ING's
 *       {@code /CNTP/iban/bic/name/city/}, {@code /MARF/} mandate, {@code /CSID/} creditor id,
 *       {@code /ULTD/} and {@code /ULTC/} ultimate parties, {@code /RTRN/} return reason;</li>
 *   <li>free text, in which the SEPA keywords are read too when the bank writes them without
 *       subfields ({@code EREF+E2E-1 MREF+M-7 SVWZ+Invoice 42});</li>
 * </ul>
 */
final class Mt940Details {
    private static final Pattern GERMAN = Pattern.compile("^(\\d{3})([?>])");
    private static final String SEPA_KEYS = "(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT|BREF|RREF)\\+";
    /** In German subfields a keyword may follow the previous value directly (subfields join without a blank). */
    private static final Pattern SEPA_KEY = Pattern.compile(SEPA_KEYS);
    /** In free text a keyword starts a word. */
    private static final Pattern FREE_SEPA_KEY = Pattern.compile("(?<![A-Za-z0-9])" + SEPA_KEYS);
    private static final Pattern DK_RETURN_KEY = Pattern.compile("9\\d{2}");
    private static final List<String> DUTCH_TAGS = List.of("EREF", "MARF", "CSID", "CNTP", "REMI", "PURP", "ULTC", "ULTD",
            "ULTB", "BENM", "ORDP", "NAME", "ADDR", "ISDT", "IBAN", "BIC", "TRTP", "RTRN", "IREF", "OREF", "CITY", "ID",
            "USTD", "STRD", "CDTRREF", "CDTRREFTP", "CD", "ISSR", "SVCL", "EXCH", "CHGS", "FX", "OCMT", "BUSP", "PREF");
    private static final Pattern DUTCH = Pattern.compile("/(" + String.join("|", DUTCH_TAGS) + ")/");

    String code;
    String bookingText;
    String endToEndId;
    String creditorReference;
    String remittance;
    String counterpartyName;
    String counterpartyAccount;
    String counterpartyBic;
    String mandateReference;
    String creditorId;
    String customerReference;
    String instructionReference;
    String ultimateDebtor;
    String ultimateCreditor;
    /** The text the bank and payer wrote (purpose subfields, Dutch tags or free text), for return reasons. */
    String purpose;
    /** DK ?34 Textschlüsselergänzung: for returns, the bank's three-digit reason key (9xx). */
    String reasonKey;
    /** Dutch /RTRN/: the ISO return reason. */
    String dutchReturnReason;

    static Mt940Details parse(Mt940Field field) {
        Mt940Details d = new Mt940Details();
        String joined = field.joined();
        Matcher german = GERMAN.matcher(joined);
        if (german.find()) {
            d.german(german.group(1), joined.substring(3), german.group(2).charAt(0));
        } else if (joined.startsWith("/") && DUTCH.matcher(joined).lookingAt()) {
            d.dutch(joined);
        } else {
            String free = freeText(field.lines());
            d.purpose = free;
            if (free != null && FREE_SEPA_KEY.matcher(free).find()) {
                d.sepa(free, FREE_SEPA_KEY);
            } else {
                d.remittance = free;
            }
        }
        return d;
    }

    private void german(String transactionCode, String rest, char separator) {
        code = transactionCode;
        Map<String, StringBuilder> subfields = new LinkedHashMap<>();
        int i = 0;
        while (i < rest.length()) {
            if (rest.charAt(i) == separator && isDigit(rest, i + 1) && isDigit(rest, i + 2)) {
                String key = rest.substring(i + 1, i + 3);
                int end = i + 3;
                while (end < rest.length() && !(rest.charAt(end) == separator && isDigit(rest, end + 1) && isDigit(rest, end + 2))) {
                    end++;
                }
                subfields.computeIfAbsent(key, k -> new StringBuilder()).append(rest, i + 3, end);
                i = end;
            } else {
                i++;
            }
        }
        StringBuilder purpose = new StringBuilder();
        for (var e : subfields.entrySet()) {
            int key = Integer.parseInt(e.getKey());
            if ((key >= 20 && key <= 29) || (key >= 60 && key <= 63)) {
                purpose.append(e.getValue());
            }
        }
        bookingText = text(subfields, "00");
        String bankCode = text(subfields, "30");
        counterpartyBic = bankCode != null && bankCode.matches("[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?") ? bankCode : null;
        counterpartyAccount = text(subfields, "31");
        String name = (subfields.containsKey("32") ? subfields.get("32").toString() : "")
                + (subfields.containsKey("33") ? subfields.get("33").toString() : "");
        counterpartyName = name.isBlank() ? null : name.strip();
        String key = text(subfields, "34");
        reasonKey = key != null && DK_RETURN_KEY.matcher(key).matches() ? key : null;
        this.purpose = blankToNull(purpose.toString());
        sepa(purpose.toString(), SEPA_KEY);
    }

    private void sepa(String purpose, Pattern keyPattern) {
        Matcher keys = keyPattern.matcher(purpose);
        Map<String, String> values = new LinkedHashMap<>();
        int lastStart = -1;
        String lastKey = null;
        String before = purpose;
        while (keys.find()) {
            if (lastKey == null) {
                before = purpose.substring(0, keys.start());
            } else {
                values.put(lastKey, purpose.substring(lastStart, keys.start()).strip());
            }
            lastKey = keys.group(1);
            lastStart = keys.end();
        }
        if (lastKey == null) {
            remittance = blankToNull(purpose);
            return;
        }
        values.put(lastKey, purpose.substring(lastStart).strip());
        String eref = values.get("EREF");
        endToEndId = eref == null || "NOTPROVIDED".equals(eref) ? null : eref;
        String svwz = values.get("SVWZ");
        remittance = blankToNull(svwz != null ? svwz : before);
        if (counterpartyAccount == null) {
            counterpartyAccount = blankToNull(values.get("IBAN"));
        }
        if (counterpartyBic == null) {
            counterpartyBic = blankToNull(values.get("BIC"));
        }
        mandateReference = blankToNull(values.get("MREF"));
        creditorId = blankToNull(values.get("CRED"));
        customerReference = notProvided(values.get("KREF"));
        instructionReference = notProvided(values.get("BREF"));
        ultimateDebtor = blankToNull(values.get("ABWA"));
        ultimateCreditor = blankToNull(values.get("ABWE"));
    }

    private static String notProvided(String text) {
        String value = blankToNull(text);
        return "NOTPROVIDED".equals(value) || "NONREF".equals(value) ? null : value;
    }

    private void dutch(String text) {
        Matcher tags = DUTCH.matcher(text);
        Map<String, String> values = new LinkedHashMap<>();
        String lastKey = null;
        int lastStart = 0;
        while (tags.find()) {
            if (lastKey != null) {
                values.putIfAbsent(lastKey, text.substring(lastStart, tags.start()));
            }
            lastKey = tags.group(1);
            lastStart = tags.end();
        }
        if (lastKey != null) {
            values.putIfAbsent(lastKey, text.substring(lastStart).replaceAll("/+$", ""));
        }
        endToEndId = blankToNull(values.get("EREF"));
        if (endToEndId != null && "NOTPROVIDED".equals(endToEndId)) {
            endToEndId = null;
        }
        counterpartyName = blankToNull(values.get("NAME"));
        counterpartyAccount = blankToNull(values.get("IBAN"));
        counterpartyBic = blankToNull(values.get("BIC"));
        String cntp = values.get("CNTP");
        if (cntp != null) {
            String[] parts = cntp.split("/", -1);
            counterpartyAccount = part(parts, 0, counterpartyAccount);
            counterpartyBic = part(parts, 1, counterpartyBic);
            counterpartyName = part(parts, 2, counterpartyName);
        }
        String remi = values.get("REMI");
        if (remi != null) {
            remittance = blankToNull(remi);
        }
        String ref = values.get("CDTRREF");
        creditorReference = blankToNull(ref);
        bookingText = blankToNull(values.get("TRTP"));
        mandateReference = blankToNull(values.get("MARF"));
        creditorId = blankToNull(values.get("CSID"));
        ultimateDebtor = firstPart(values.get("ULTD"));
        ultimateCreditor = firstPart(values.get("ULTC"));
        dutchReturnReason = firstPart(values.get("RTRN"));
        purpose = blankToNull(text);
    }

    private static String firstPart(String value) {
        return value == null ? null : blankToNull(value.split("/", -1)[0]);
    }

    /**
     * Set when the bank says the line returns an earlier payment: the :61: type is RTI (SWIFT's
     * "returned item"), the German business transaction code is a return one, the booking text says
     * so (Retoure, Rücklastschrift, ...), Dutch /RTRN/ names a reason, or the purpose names a return
     * together with an ISO reason code ({@code SVWZ+RETURN AC04}); a return word alone in what the
     * payer wrote is not enough. The reason code is the ISO code found in the text, the words are the
     * booking text (with the DK reason key from ?34, which has no published ISO mapping here), the
     * original references EREF+ and BREF+ (else KREF+).
     */
    ReturnDetails returnDetails(String transactionType) {
        String isoCode = dutchReturnReason != null ? dutchReturnReason : LineSignals.reasonCodeIn(purpose);
        if (isoCode == null) {
            isoCode = LineSignals.reasonCodeIn(bookingText);
        }
        boolean returned = transactionType != null && transactionType.endsWith("RTI")
                || code != null && LineSignals.RETURN_GVC.contains(code)
                || LineSignals.saysReturn(bookingText)
                || dutchReturnReason != null
                || LineSignals.saysReturn(purpose) && isoCode != null;
        if (!returned) {
            return null;
        }
        String words = bookingText != null ? bookingText : remittance;
        if (reasonKey != null) {
            words = words == null ? "DK return key " + reasonKey : words + " (DK return key " + reasonKey + ")";
        }
        if (isoCode == null && words == null) {
            words = "returned payment" + (code != null ? " (GVC " + code + ")" : "");
        }
        return new ReturnDetails(isoCode, words, endToEndId, instructionReference != null ? instructionReference
                : customerReference);
    }

    private static String part(String[] parts, int index, String otherwise) {
        return parts.length > index && !parts[index].isBlank() ? parts[index].strip() : otherwise;
    }

    /**
     * Free text: lines are joined with a space, except where a line runs to the 65th column (the
     * bank wrapped a word there, so the next line continues it).
     */
    static String freeText(List<String> lines) {
        StringBuilder out = new StringBuilder();
        boolean glue = false;
        for (String line : lines) {
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                glue = false;
                continue;
            }
            if (!out.isEmpty() && !glue) {
                out.append(' ');
            }
            out.append(stripped);
            glue = line.length() >= 65 && line.charAt(64) != ' ';
        }
        return blankToNull(out.toString());
    }

    private static String text(Map<String, StringBuilder> subfields, String key) {
        StringBuilder value = subfields.get(key);
        return value == null ? null : blankToNull(value.toString());
    }

    private static boolean isDigit(String text, int index) {
        return index < text.length() && text.charAt(index) >= '0' && text.charAt(index) <= '9';
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
