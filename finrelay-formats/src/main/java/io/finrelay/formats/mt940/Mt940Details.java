package io.finrelay.formats.mt940;

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
 *       EREF+, KREF+, MREF+, CRED+, SVWZ+, ABWA+), {@code ?30} bank code or BIC, {@code ?31}
 *       account or IBAN, {@code ?32}/{@code ?33} name; Triodos writes {@code >} instead of {@code ?};</li>
 *   <li>Dutch tags (Rabobank, ING, ABN): {@code /EREF/.../NAME/.../REMI/...}, ING's
 *       {@code /CNTP/iban/bic/name/city/};</li>
 *   <li>anything else: free text.</li>
 * </ul>
 */
final class Mt940Details {
    private static final Pattern GERMAN = Pattern.compile("^(\\d{3})([?>])");
    private static final Pattern SEPA_KEY = Pattern.compile("(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT)\\+");
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
    String ultimateCounterparty;
    /** Set when the bank says the line returns a payment: its ISO reason code if named, and its words. */
    String returnCode;
    String returnText;

    static Mt940Details parse(Mt940Field field) {
        Mt940Details d = new Mt940Details();
        String joined = field.joined();
        Matcher german = GERMAN.matcher(joined);
        if (german.find()) {
            d.german(german.group(1), joined.substring(3), german.group(2).charAt(0));
        } else if (joined.startsWith("/") && DUTCH.matcher(joined).lookingAt()) {
            d.dutch(joined);
        } else {
            d.remittance = freeText(field.lines());
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
        sepa(purpose.toString());
    }

    private void sepa(String purpose) {
        Matcher keys = SEPA_KEY.matcher(purpose);
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
        if (counterpartyName == null) {
            counterpartyName = blankToNull(values.get("ABWA"));
        }
        customerReference = notProvided(values.get("KREF"));
        mandateReference = notProvided(values.get("MREF"));
        creditorId = notProvided(values.get("CRED"));
        ultimateCounterparty = blankToNull(values.get("ABWA") != null ? values.get("ABWA") : values.get("ABWE"));
        if (remittance != null && remittance.matches("RF\\d{2}[A-Za-z0-9]{1,21}")) {
            creditorReference = remittance;
        }
        returned(bookingText, purpose);
    }

    /**
     * German banks say a line returns a payment in the booking text ({@code ?00}: "RETOURE",
     * "RUECKUEBERWEISUNG", "SEPA-Rücklastschrift"...) and name the ISO reason in the purpose
     * ({@code SVWZ+RETOURE AC04 ...}); without such words a reason-like token is not taken for a return.
     */
    private void returned(String booking, String purpose) {
        String words = ((booking == null ? "" : booking) + " " + purpose).toUpperCase(java.util.Locale.ROOT);
        if (words.contains("RETOURE") || words.contains("RUECK") || words.contains("RÜCK") || words.contains("RETURN")) {
            returnCode = io.finrelay.model.bank.CreditorReference.returnReasonIn(purpose).orElse(null);
            returnText = blankToNull(booking != null ? booking : remittance);
        }
    }

    private static String notProvided(String text) {
        String value = blankToNull(text);
        return "NOTPROVIDED".equals(value) ? null : value;
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
        ultimateCounterparty = blankToNull(values.get("ULTD") != null ? values.get("ULTD") : values.get("ULTC"));
        // Dutch banks name a return in their own tag: /RTRN/AC04/.
        String rtrn = values.get("RTRN");
        if (rtrn != null) {
            returnCode = io.finrelay.model.bank.CreditorReference.returnReasonIn(rtrn.replace('/', ' ')).orElse(null);
            returnText = blankToNull(rtrn.replace('/', ' '));
        }
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
