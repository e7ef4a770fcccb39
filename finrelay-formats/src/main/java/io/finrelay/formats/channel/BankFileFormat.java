package io.finrelay.formats.channel;

import io.finrelay.formats.StatementReader;
import io.finrelay.formats.bai2.Bai2Reader;
import io.finrelay.formats.iso20022.camt.CamtReader;
import io.finrelay.formats.mt940.Mt940Reader;
import java.nio.charset.StandardCharsets;

/** The inbound file families a bank connection delivers, told apart by their first bytes. */
public enum BankFileFormat {
    CAMT, PAIN_002, MT940, BAI2, UNKNOWN;

    /** Looks at the start of a file (a few KB are enough). */
    public static BankFileFormat detect(byte[] head) {
        String text = new String(head, 0, Math.min(head.length, 4096), StandardCharsets.ISO_8859_1);
        String start = text.stripLeading();
        if (start.startsWith("<")) {
            if (text.contains(":xsd:camt.05") || text.contains("<BkToCstmr")) {
                return CAMT;
            }
            if (text.contains(":xsd:pain.002") || text.contains("<CstmrPmtStsRpt")) {
                return PAIN_002;
            }
            return UNKNOWN;
        }
        if (start.startsWith("01,")) {
            return BAI2;
        }
        if (text.contains(":20:")) {
            return MT940;
        }
        return UNKNOWN;
    }

    /** The statement reader for this format; null for pain.002 (a status report) and unknown files. */
    StatementReader statementReader() {
        return switch (this) {
            case CAMT -> CamtReader.any();
            case MT940 -> new Mt940Reader();
            case BAI2 -> new Bai2Reader();
            case PAIN_002, UNKNOWN -> null;
        };
    }
}
