package io.finrelay.formats.iso20022.pain001;

import java.text.Normalizer;
import java.util.Map;

/**
 * The SEPA character set (EPC guidance: a-z A-Z 0-9 / - ? : ( ) . , ' + space). Names and
 * remittance text are transliterated into it the way the EPC conversion table suggests (accents
 * dropped, ß to ss, Æ to AE, & to +); any other character becomes a full stop, so a SEPA bank never
 * refuses a file for a name. Identifiers are never rewritten: the model refuses bad ones, because
 * a changed id would no longer match the bank's answer.
 */
public final class SepaText {
    private static final Map<Character, String> SPECIAL = Map.ofEntries(
            Map.entry('ß', "ss"), Map.entry('Æ', "AE"), Map.entry('æ', "ae"), Map.entry('Ø', "O"), Map.entry('ø', "o"),
            Map.entry('Œ', "OE"), Map.entry('œ', "oe"), Map.entry('Ł', "L"), Map.entry('ł', "l"), Map.entry('Đ', "D"),
            Map.entry('đ', "d"), Map.entry('Þ', "TH"), Map.entry('þ', "th"), Map.entry('&', "+"), Map.entry('’', "'"),
            Map.entry('‘', "'"), Map.entry('–', "-"), Map.entry('—', "-"), Map.entry('\t', " "));

    private SepaText() {
    }

    public static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/-?:().,'+ ".indexOf(c) >= 0;
    }

    /** The text in the SEPA character set, cut to {@code maxLength}. */
    public static String clean(String text, int maxLength) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            String special = SPECIAL.get(c);
            if (special != null) {
                out.append(special);
            } else {
                out.append(allowed(c) ? c : '.');
            }
        }
        String result = out.toString().strip();
        return result.length() > maxLength ? result.substring(0, maxLength).strip() : result;
    }
}
