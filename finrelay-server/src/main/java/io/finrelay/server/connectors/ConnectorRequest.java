package io.finrelay.server.connectors;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.TreeMap;

/**
 * A connector configuration as the API takes it. Any other member is refused by name: a typo such as
 * {@code secrt} must not drop a new secret silently.
 *
 * @param type {@code tryton} or {@code rest-erp}
 * @param settings the type's settings (Tryton: url, database, user, clearingAccount, ...); checked by {@link ConnectorSettings}
 * @param secret write-only: sealed before it is stored, never answered; left out, the stored one is kept
 */
public record ConnectorRequest(
        @NotBlank(message = "is required: " + ConnectorSettings.TRYTON + " or " + ConnectorSettings.REST_ERP) String type,
        Map<String, Object> settings,
        @Size(max = 1024, message = SECRET_RULE) @Pattern(regexp = "(?s).*\\S.*", message = SECRET_RULE) String secret,
        @JsonAnySetter @JsonIgnore @Schema(hidden = true) Map<String, Object> otherFields) {
    static final String SECRET_RULE = "must be a non-blank string of at most 1024 characters";

    public ConnectorRequest {
        otherFields = otherFields == null ? new TreeMap<>() : otherFields;
    }
}
