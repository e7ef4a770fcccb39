package io.finrelay.connectors.erp.tryton;

import io.finrelay.model.id.TenantId;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How one tenant reaches its Tryton: the server root URL, the database, a user and its password, and
 * the tenant's policies. The secret is never printed; it will be encrypted at rest once the governance
 * work lands (it is held here in clear for the connector's use only).
 *
 * @param url                 the server root, e.g. {@code http://erp.example:8000/} (JSON-RPC goes to url + database + "/")
 * @param acknowledgeWarnings whether the connector may answer Tryton's UserWarnings itself (as a user
 *                            clicking "yes" would); if not, a warning becomes an exception for an operator
 * @param journalCode         the Tryton journal (account.journal code) entries are posted into, e.g. {@code MISC}
 * @param paymentJournal      the name of the account.payment.journal that payments are created in (SEPA)
 * @param callTimeout         how long one JSON-RPC call may take before its outcome is unknown
 * @param batchSize           how many entries go into one create and one post call (Tryton does ~40/s at 20)
 * @param clearingAccount     the account code a settled payable is cleared against (the bank or clearing
 *                            account the money left from); empty: payables are not cleared by this connector
 */
public record TrytonConfig(TenantId tenantId, URI url, String database, String user, String secret,
                           boolean acknowledgeWarnings, String journalCode, String paymentJournal,
                           Duration callTimeout, int batchSize, String clearingAccount) {

    public TrytonConfig {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(journalCode, "journalCode");
        Objects.requireNonNull(paymentJournal, "paymentJournal");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(clearingAccount, "clearingAccount");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("Tryton URL must be http(s): " + url);
        }
        if (database.isBlank() || database.contains("/")) {
            throw new IllegalArgumentException("not a Tryton database name: '" + database + "'");
        }
        if (batchSize < 1 || batchSize > 200) {
            throw new IllegalArgumentException("batchSize must be 1..200, was " + batchSize);
        }
        String root = url.toString();
        if (!root.endsWith("/")) {
            url = URI.create(root + "/");
        }
    }

    /** Defaults: warnings not acknowledged, journal MISC, payment journal "SEPA EUR", 30 s calls, batches of 20. */
    public static TrytonConfig of(TenantId tenantId, URI url, String database, String user, String secret) {
        return new TrytonConfig(tenantId, url, database, user, secret, false, "MISC", "SEPA EUR",
                Duration.ofSeconds(30), 20, "");
    }

    public TrytonConfig withAcknowledgeWarnings(boolean allowed) {
        return new TrytonConfig(tenantId, url, database, user, secret, allowed, journalCode, paymentJournal,
                callTimeout, batchSize, clearingAccount);
    }

    public TrytonConfig withJournalCode(String code) {
        return new TrytonConfig(tenantId, url, database, user, secret, acknowledgeWarnings, code, paymentJournal,
                callTimeout, batchSize, clearingAccount);
    }

    public TrytonConfig withSecret(String newSecret) {
        return new TrytonConfig(tenantId, url, database, user, newSecret, acknowledgeWarnings, journalCode,
                paymentJournal, callTimeout, batchSize, clearingAccount);
    }

    public TrytonConfig withDatabase(String newDatabase) {
        return new TrytonConfig(tenantId, url, newDatabase, user, secret, acknowledgeWarnings, journalCode,
                paymentJournal, callTimeout, batchSize, clearingAccount);
    }

    public TrytonConfig withUrl(URI newUrl) {
        return new TrytonConfig(tenantId, newUrl, database, user, secret, acknowledgeWarnings, journalCode,
                paymentJournal, callTimeout, batchSize, clearingAccount);
    }

    public TrytonConfig withClearingAccount(String accountCode) {
        return new TrytonConfig(tenantId, url, database, user, secret, acknowledgeWarnings, journalCode, paymentJournal,
                callTimeout, batchSize, accountCode);
    }

    public TrytonConfig withCallTimeout(Duration timeout) {
        return new TrytonConfig(tenantId, url, database, user, secret, acknowledgeWarnings, journalCode,
                paymentJournal, timeout, batchSize, clearingAccount);
    }

    /** The JSON-RPC endpoint of the database. */
    public URI endpoint() {
        return url.resolve(database + "/");
    }

    @Override
    public String toString() {
        return "TrytonConfig[tenant=" + tenantId + ", url=" + url + ", database=" + database + ", user=" + user
                + ", secret=***, acknowledgeWarnings=" + acknowledgeWarnings + ", journal=" + journalCode
                + ", paymentJournal=" + paymentJournal + ", callTimeout=" + callTimeout + ", batchSize=" + batchSize
                + ", clearingAccount=" + clearingAccount + "]";
    }
}
