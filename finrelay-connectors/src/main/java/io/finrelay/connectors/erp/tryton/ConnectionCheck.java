package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The "test connection" action of a tenant's Tryton configuration: it walks the steps a real call
 * takes and stops at the first one that fails, saying what is wrong in plain words (unreachable,
 * unknown database, bad credentials, a module missing, no company, no open fiscal year, no posting
 * journal).
 */
public final class ConnectionCheck {
    /** The modules the connector's calls need. */
    public static final List<String> REQUIRED_MODULES = List.of("account", "account_invoice", "account_payment",
            "account_payment_sepa", "company", "party", "bank", "sale_opportunity", "sale_credit_limit");

    /** What went wrong, in a word a UI can switch on. */
    public enum Problem { UNREACHABLE, UNKNOWN_DATABASE, BAD_CREDENTIALS, MODULE_MISSING, NO_COMPANY,
        NO_OPEN_FISCAL_YEAR, NO_JOURNAL, ERROR }

    /** The answer: ok with the server version, or the problem and a sentence for the user. */
    public record Report(boolean ok, Problem problem, String message, String serverVersion) {
        public Report {
            Objects.requireNonNull(message, "message");
        }

        static Report failed(Problem problem, String message) {
            return new Report(false, problem, message, "");
        }
    }

    private ConnectionCheck() {}

    public static Report run(TrytonConfig config, LocalDate today) {
        TrytonClient client = new TrytonClient(config);
        String version;
        try {
            version = client.rootCall("common.server.version").asText();
        } catch (ErpException e) {
            return Report.failed(Problem.UNREACHABLE, "Tryton at " + config.url() + " is unreachable: " + e.getMessage());
        }
        try {
            JsonNode databases = client.rootCall("common.db.list");
            Set<String> names = new HashSet<>();
            databases.forEach(d -> names.add(d.asText()));
            if (databases.isArray() && !names.contains(config.database())) {
                return Report.failed(Problem.UNKNOWN_DATABASE, "Tryton " + version + " at " + config.url()
                        + " has no database '" + config.database() + "' (it has " + names + ")");
            }
        } catch (ErpException e) {
            // Listing databases may be disabled on the server; the login below will tell.
        }
        try {
            client.login();
        } catch (ErpException e) {
            if (e.error() instanceof ErpError.Permanent p && p.erpMessage().contains("does not exist")) {
                return Report.failed(Problem.UNKNOWN_DATABASE, p.erpMessage());
            }
            if (e.error() instanceof ErpError.Permanent) {
                return Report.failed(Problem.BAD_CREDENTIALS, "bad credentials: Tryton refused user '" + config.user()
                        + "' with this password on database '" + config.database() + "'");
            }
            return Report.failed(Problem.UNREACHABLE, "Tryton did not answer the login: " + e.getMessage());
        }
        try {
            return afterLogin(client, config, today, version);
        } catch (ErpException e) {
            return Report.failed(Problem.ERROR, "Tryton answered with an error: " + e.getMessage());
        }
    }

    private static Report afterLogin(TrytonClient client, TrytonConfig config, LocalDate today, String version) {
        Set<String> activated = new HashSet<>();
        client.searchRead("ir.module", List.of(List.of("state", "=", "activated")), List.of("name"))
                .forEach(m -> activated.add(m.path("name").asText()));
        List<String> missing = new ArrayList<>();
        for (String module : REQUIRED_MODULES) {
            if (!activated.contains(module)) {
                missing.add(module);
            }
        }
        if (!missing.isEmpty()) {
            return Report.failed(Problem.MODULE_MISSING, "Tryton module(s) not activated on database '"
                    + config.database() + "': " + String.join(", ", missing));
        }
        JsonNode company = client.context().get("company");
        if (company == null || company.isNull()) {
            return Report.failed(Problem.NO_COMPANY, "user '" + config.user() + "' has no current company in Tryton");
        }
        List<Long> years = client.search("account.fiscalyear", List.of(List.of("company", "=", company.asLong()),
                List.of("state", "=", "open"), List.of("start_date", "<=", today), List.of("end_date", ">=", today)),
                1, null);
        if (years.isEmpty()) {
            return Report.failed(Problem.NO_OPEN_FISCAL_YEAR, "the company has no open fiscal year for " + today
                    + ": create one (with its periods) in Tryton");
        }
        if (client.search("account.journal", List.of(List.of("code", "=", config.journalCode())), 1, null).isEmpty()) {
            return Report.failed(Problem.NO_JOURNAL, "Tryton has no journal with code '" + config.journalCode()
                    + "', the journal this tenant posts into");
        }
        return new Report(true, null, "connected to Tryton " + version + ", database '" + config.database()
                + "' as '" + config.user() + "'", version);
    }
}
