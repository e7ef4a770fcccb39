package io.finrelay.workflows.expense;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What makes two claims "the same receipt": the same employee, amount, currency, date and merchant
 * (merchant compared without case, spaces and punctuation, so "Lufthansa AG" and "LUFTHANSA-AG"
 * match), or the same receipt image hash. Each line of a report gives one or two fingerprints; a
 * report shares a fingerprint with an earlier one is a possible duplicate.
 */
public final class Fingerprints {
    private Fingerprints() {}

    public static List<String> of(Claim claim) {
        List<String> prints = new ArrayList<>();
        for (Claim.Line line : claim.lines()) {
            prints.add(sha256("line|" + claim.employeeId() + "|" + line.grossAmount().amount().stripTrailingZeros().toPlainString()
                    + "|" + claim.currency() + "|" + line.date() + "|" + normalise(line.merchant())));
            if (line.receiptHash() != null && !line.receiptHash().isBlank()) {
                prints.add(sha256("receipt|" + line.receiptHash().toLowerCase(Locale.ROOT)));
            }
        }
        return prints.stream().distinct().toList();
    }

    static String normalise(String merchant) {
        return merchant.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
