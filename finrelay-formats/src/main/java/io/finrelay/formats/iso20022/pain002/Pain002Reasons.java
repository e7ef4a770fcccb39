package io.finrelay.formats.iso20022.pain002;

import java.util.Map;

/**
 * Plain words for the ISO ExternalStatusReason1Code values banks use most in pain.002, so an
 * operator sees "account closed" next to AC04. Unknown codes are shown as they came.
 */
public final class Pain002Reasons {
    private static final Map<String, String> TEXT = Map.ofEntries(
            Map.entry("AC01", "incorrect account number"), Map.entry("AC04", "account closed"),
            Map.entry("AC06", "account blocked"), Map.entry("AC13", "invalid debtor account type"),
            Map.entry("AG01", "transaction forbidden on this account"), Map.entry("AG02", "invalid bank operation code"),
            Map.entry("AM04", "insufficient funds"), Map.entry("AM05", "duplicate payment"),
            Map.entry("BE04", "missing creditor address"), Map.entry("CNOR", "creditor bank is not registered"),
            Map.entry("DNOR", "debtor bank is not registered"), Map.entry("DUPL", "duplicate payment"),
            Map.entry("FF01", "invalid file format"), Map.entry("MD07", "end customer deceased"),
            Map.entry("MS02", "reason not specified by the customer"), Map.entry("MS03", "reason not specified by the agent"),
            Map.entry("NARR", "see the narrative"), Map.entry("RC01", "bank identifier incorrect"),
            Map.entry("RR01", "missing debtor account or identification"), Map.entry("RR02", "missing debtor name or address"),
            Map.entry("RR03", "missing creditor name or address"), Map.entry("RR04", "regulatory reason"),
            Map.entry("TM01", "received after the cut-off time"));

    private Pain002Reasons() {
    }

    public static String describe(String code) {
        return code == null ? null : TEXT.getOrDefault(code, code);
    }
}
