package io.finrelay.server.masterdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * IBANs as a caller without {@code read-bank-details} sees them: country and check digits and the
 * last four characters, enough to tell accounts apart and to confirm one on the phone, not enough to
 * pay to or to change payment instructions with.
 */
final class BankDetails {
    private BankDetails() {}

    static JsonNode masked(JsonNode document) {
        JsonNode account = document.path("bankAccount");
        if (!account.hasNonNull("iban")) {
            return document;
        }
        ObjectNode copy = (ObjectNode) document.deepCopy();
        ((ObjectNode) copy.get("bankAccount")).put("iban", mask(account.get("iban").asText()));
        return copy;
    }

    static String mask(String iban) {
        if (iban.length() <= 8) {
            return "*".repeat(iban.length());
        }
        return iban.substring(0, 4) + "*".repeat(iban.length() - 8) + iban.substring(iban.length() - 4);
    }
}
