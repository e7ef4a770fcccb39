package io.finrelay.server.masterdata;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import java.util.TreeMap;

/**
 * A payee's new bank account as the API takes it. Its fields are checked as the payee's
 * {@code bankAccount} by the canonical JSON Schema and the model (errors name {@code bankAccount.iban},
 * ...), the rules that master data is stored under; any other member is refused by name.
 *
 * @param iban the IBAN, in any spacing and case
 * @param bic the BIC, optional
 * @param holderName the account holder as the bank knows them
 * @param changedBy the person making the change: a logged-in person acts as themselves; an API key
 *                  names the person it acts for, or is recorded itself when it names no one
 */
public record BankAccountChange(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "DE89 3704 0044 0532 0130 00") String iban,
        String bic,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 70) String holderName,
        String changedBy,
        @JsonAnySetter @JsonIgnore @Schema(hidden = true) Map<String, Object> otherFields) {

    public BankAccountChange {
        otherFields = otherFields == null ? new TreeMap<>() : otherFields;
    }
}
