package io.finrelay.server.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.server.web.ApiProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * What a connector type needs to reach its system, validated once when a tenant saves it. The secret
 * is not part of the settings: it is sealed apart and never shown.
 */
public sealed interface ConnectorSettings {
    String TRYTON = "tryton";
    String REST_ERP = "rest-erp";

    /** The type's wire name. */
    String type();

    /** Whether this type needs a secret (a password or token) to connect. */
    boolean needsSecret();

    /** The settings as stored and shown. */
    ObjectNode toJson();

    /**
     * A Tryton 6.0 database over JSON-RPC.
     *
     * @param journalCode     the account.journal code expense journals are posted into
     * @param clearingAccount the account code a paid reimbursement is credited to when the payable is cleared
     *                        (the bank or clearing account the treasury paid from)
     */
    record Tryton(URI url, String database, String user, String journalCode, String paymentJournal,
                  String clearingAccount, boolean acknowledgeWarnings, int callTimeoutMillis, int batchSize)
            implements ConnectorSettings {
        @Override
        public String type() {
            return TRYTON;
        }

        @Override
        public boolean needsSecret() {
            return true;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("url", url.toString());
            out.put("database", database);
            out.put("user", user);
            out.put("journalCode", journalCode);
            out.put("paymentJournal", paymentJournal);
            out.put("clearingAccount", clearingAccount);
            out.put("acknowledgeWarnings", acknowledgeWarnings);
            out.put("callTimeoutMillis", callTimeoutMillis);
            out.put("batchSize", batchSize);
            return out;
        }
    }

    /** The REST ERP the expense settings' {@code erpUrl} points at (the sandbox ERP's wire format): today's behaviour. */
    record RestErp() implements ConnectorSettings {
        @Override
        public String type() {
            return REST_ERP;
        }

        @Override
        public boolean needsSecret() {
            return false;
        }

        @Override
        public ObjectNode toJson() {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    /** Parses and validates; every refused field is named ({@code settings.url}) in one 400 problem. */
    static ConnectorSettings parse(String type, JsonNode settings) {
        if (settings != null && !settings.isNull() && !settings.isObject()) {
            throw ApiProblem.invalid("settings", settings.toString(), "must be an object");
        }
        JsonNode s = settings == null || settings.isNull() ? JsonNodeFactory.instance.objectNode() : settings;
        return switch (type) {
            case TRYTON -> tryton(s);
            case REST_ERP -> {
                List<ApiProblem.FieldError> errors = unknown(s, Set.of(), new ArrayList<>());
                if (!errors.isEmpty()) {
                    throw ApiProblem.invalid(errors);
                }
                yield new RestErp();
            }
            default -> throw ApiProblem.invalid("type", type, "must be one of " + TRYTON + ", " + REST_ERP);
        };
    }

    private static Tryton tryton(JsonNode s) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        URI url = url(s, errors);
        String database = text(s, "database", null, "[A-Za-z0-9_.-]{1,63}", "1 to 63 letters, digits or _ . -", errors);
        String user = text(s, "user", null, "\\S{1,128}", "1 to 128 characters without spaces", errors);
        String journal = text(s, "journalCode", "MISC", "\\S{1,40}", "1 to 40 characters without spaces", errors);
        String paymentJournal = text(s, "paymentJournal", "SEPA EUR", ".{1,80}", "1 to 80 characters", errors);
        String clearing = text(s, "clearingAccount", null, "[A-Za-z0-9][A-Za-z0-9._/-]{0,23}", "an account code",
                errors);
        boolean acknowledge = s.path("acknowledgeWarnings").asBoolean(false);
        if (s.has("acknowledgeWarnings") && !s.get("acknowledgeWarnings").isBoolean()) {
            errors.add(new ApiProblem.FieldError("settings.acknowledgeWarnings", s.get("acknowledgeWarnings").toString(),
                    "must be true or false"));
        }
        int timeout = number(s, "callTimeoutMillis", 30_000, 100, 600_000, errors);
        int batch = number(s, "batchSize", 20, 1, 200, errors);
        errors.addAll(unknown(s, Set.of("url", "database", "user", "journalCode", "paymentJournal", "clearingAccount",
                "acknowledgeWarnings", "callTimeoutMillis", "batchSize"), new ArrayList<>()));
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return new Tryton(url, database, user, journal, paymentJournal, clearing, acknowledge, timeout, batch);
    }

    private static URI url(JsonNode s, List<ApiProblem.FieldError> errors) {
        String text = text(s, "url", null, "\\S+", "an http(s) URL", errors);
        if (text == null) {
            return null;
        }
        try {
            URI url = new URI(text);
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                errors.add(new ApiProblem.FieldError("settings.url", text, "must be an http(s) URL with a host"));
                return null;
            }
            if (url.getUserInfo() != null) {
                // A password in the URL would be shown by GET and logged: it belongs in the sealed secret.
                errors.add(new ApiProblem.FieldError("settings.url", url.getHost(), "must not carry credentials; "
                        + "put the password in \"secret\""));
                return null;
            }
            return url;
        } catch (URISyntaxException e) {
            errors.add(new ApiProblem.FieldError("settings.url", text, "is not a URL: " + e.getReason()));
            return null;
        }
    }

    private static String text(JsonNode s, String field, String fallback, String pattern, String shape,
                               List<ApiProblem.FieldError> errors) {
        JsonNode value = s.get(field);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                errors.add(new ApiProblem.FieldError("settings." + field, null, "is required"));
            }
            return fallback;
        }
        if (!value.isTextual() || !value.asText().matches(pattern)) {
            errors.add(new ApiProblem.FieldError("settings." + field, value.isTextual() ? value.asText() : value.toString(),
                    "must be " + shape));
            return fallback;
        }
        return value.asText();
    }

    private static int number(JsonNode s, String field, int fallback, int min, int max,
                              List<ApiProblem.FieldError> errors) {
        JsonNode value = s.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < min || value.asInt() > max) {
            errors.add(new ApiProblem.FieldError("settings." + field, value.toString(),
                    "must be a whole number from " + min + " to " + max));
            return fallback;
        }
        return value.asInt();
    }

    private static List<ApiProblem.FieldError> unknown(JsonNode s, Set<String> known, List<ApiProblem.FieldError> out) {
        for (Iterator<String> names = s.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                out.add(new ApiProblem.FieldError("settings." + name, null, "is not a setting of this connector type"));
            }
        }
        return out;
    }
}
