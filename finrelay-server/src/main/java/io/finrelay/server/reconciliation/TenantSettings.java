package io.finrelay.server.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.reconciliation.Settings;
import io.finrelay.server.web.ApiProblem;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tenant's reconciliation settings as the API gives them: the matcher's {@link Settings} and the GL
 * accounts a fee or FX difference is booked to.
 *
 * <pre>{"autoThreshold":0.9,"margin":0.1,"feeTolerance":{"EUR":"2.50"},"fxTolerance":"0.02",
 *  "dateWindowDays":30,"maxSubsetSize":4,"feeAccount":"6855","fxAccount":"6880","autoClear":true}</pre>
 * With {@code autoClear} false every match is SUGGESTED: a person confirms each clearing.
 */
public record TenantSettings(double autoThreshold, double margin, Map<String, String> feeTolerance, String fxTolerance,
                             int dateWindowDays, int maxSubsetSize, String feeAccount, String fxAccount,
                             Boolean autoClear) {

    /** Whether a match the matcher is sure of is cleared without a person (default); false: every match waits. */
    boolean autoClears() {
        return autoClear == null || autoClear;
    }

    static TenantSettings defaults() {
        Settings d = Settings.defaults();
        return new TenantSettings(d.autoThreshold(), d.margin(), Map.of(), d.fxTolerance().toPlainString(),
                d.dateWindowDays(), d.maxSubsetSize(), null, null, true);
    }

    /** The stored settings, or the defaults when none are stored. */
    static TenantSettings of(JsonNode stored, ObjectMapper json) {
        if (stored == null || stored.isNull()) {
            return defaults();
        }
        return json.convertValue(stored, TenantSettings.class);
    }

    /** Checks a request body; 400 naming the field when it does not make valid settings. */
    static TenantSettings parse(JsonNode body, ObjectMapper json) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.invalid("body", null, "must be a JSON object of settings");
        }
        TenantSettings s;
        try {
            s = json.convertValue(body, TenantSettings.class);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("body", null, "unreadable settings: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!body.has("autoThreshold") || !(s.autoThreshold() > 0 && s.autoThreshold() <= 1)) {
            throw ApiProblem.invalid("autoThreshold", body.path("autoThreshold").asText(), "must lie in (0, 1]");
        }
        if (!(s.margin() >= 0 && s.margin() < 1)) {
            throw ApiProblem.invalid("margin", s.margin(), "must lie in [0, 1)");
        }
        if (s.fxTolerance() == null || !s.fxTolerance().matches("0(\\.\\d{1,4})?")) {
            throw ApiProblem.invalid("fxTolerance", s.fxTolerance(), "must be a decimal string in [0, 1) such as \"0.02\"");
        }
        if (s.dateWindowDays() < 0 || s.dateWindowDays() > 366) {
            throw ApiProblem.invalid("dateWindowDays", s.dateWindowDays(), "must lie in [0, 366]");
        }
        if (s.maxSubsetSize() < 1 || s.maxSubsetSize() > 8) {
            throw ApiProblem.invalid("maxSubsetSize", s.maxSubsetSize(), "must lie in [1, 8]");
        }
        if (s.feeTolerance() != null) {
            for (Map.Entry<String, String> e : s.feeTolerance().entrySet()) {
                try {
                    if (e.getValue() == null || e.getValue().matches(".*[eE+-].*") || Money.of(e.getValue(), e.getKey()).isNegative()) {
                        throw new ValidationException("amount", e.getValue(), "must be a decimal string such as \"2.50\"");
                    }
                } catch (ValidationException ex) {
                    throw ApiProblem.invalid("feeTolerance." + e.getKey(), e.getValue(), ex.reason());
                } catch (IllegalArgumentException ex) {
                    throw ApiProblem.invalid("feeTolerance." + e.getKey(), e.getValue(), "needs a known currency and a decimal amount");
                }
            }
        }
        if ((s.feeTolerance() != null && !s.feeTolerance().isEmpty()) && (s.feeAccount() == null || s.feeAccount().isBlank())) {
            throw ApiProblem.invalid("feeAccount", null, "is required when a fee tolerance is set");
        }
        return s;
    }

    /** The matcher's settings. */
    Settings matcherSettings() {
        Map<String, Money> fees = new LinkedHashMap<>();
        if (feeTolerance != null) {
            feeTolerance.forEach((currency, amount) -> fees.put(currency, Money.of(amount, currency)));
        }
        return new Settings(autoThreshold, margin, fees, new BigDecimal(fxTolerance), dateWindowDays, maxSubsetSize);
    }
}
