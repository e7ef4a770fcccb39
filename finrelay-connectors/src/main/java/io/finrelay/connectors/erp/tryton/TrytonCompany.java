package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the connector caches about the tenant's Tryton company: its id, currency, accounts by code,
 * the posting journal and the periods. Caches are refreshed on a miss, so a new account or a newly
 * closed period is seen without a restart.
 */
final class TrytonCompany {
    record Period(long id, String name, LocalDate start, LocalDate end, String state) {
        boolean open() {
            return "open".equals(state);
        }
    }

    private final TrytonClient client;
    private volatile long companyId = -1;
    private volatile LegalEntityId legalEntityId;
    private volatile Currency currency;
    private volatile long currencyId;
    private volatile String country = "";
    private final Map<String, Long> accounts = new ConcurrentHashMap<>();
    private volatile List<Period> periods = List.of();
    private volatile long journalId = -1;

    TrytonCompany(TrytonClient client) {
        this.client = client;
    }

    private void load() {
        if (companyId >= 0) {
            return;
        }
        synchronized (this) {
            if (companyId >= 0) {
                return;
            }
            JsonNode company = client.context().get("company");
            if (company == null || company.isNull()) {
                throw new ErpException(new ErpError.Permanent("the Tryton user '" + client.config().user()
                        + "' has no current company: set one in the user's preferences"));
            }
            long id = company.asLong();
            JsonNode row = client.read("company.company", List.of(id),
                    List.of("currency", "currency.code", "party", "party.addresses")).get(0);
            currency = Currency.getInstance(Rows.textThrough(row, "currency", "code"));
            currencyId = Rows.ref(row, "currency");
            JsonNode addresses = Rows.through(row, "party", "addresses");
            if (addresses != null && !addresses.isEmpty()) {
                JsonNode address = client.read("party.address", List.of(addresses.get(0).asLong()),
                        List.of("country.code")).get(0);
                country = Rows.textThrough(address, "country", "code");
            }
            legalEntityId = new LegalEntityId(TrytonIds.uuid(client.config().tenantId(), client.config().database(),
                    "company.company", id));
            companyId = id;
        }
    }

    long id() {
        load();
        return companyId;
    }

    LegalEntityId legalEntityId() {
        load();
        return legalEntityId;
    }

    Currency currency() {
        load();
        return currency;
    }

    long currencyId() {
        load();
        return currencyId;
    }

    /** The company's country code, or empty if its party has no address with a country. */
    String country() {
        load();
        return country;
    }

    /** The Tryton id of the account with this code, refreshing the cache once on a miss. */
    Optional<Long> account(String code) {
        Long id = accounts.get(code);
        if (id == null) {
            for (JsonNode row : client.searchRead("account.account",
                    List.of(List.of("company", "=", id()), java.util.Arrays.asList("code", "!=", null)), List.of("code"))) {
                accounts.put(Rows.text(row, "code"), Rows.id(row));
            }
            id = accounts.get(code);
        }
        return Optional.ofNullable(id);
    }

    long journal() {
        if (journalId < 0) {
            List<Long> ids = client.search("account.journal", List.of(List.of("code", "=",
                    client.config().journalCode())), 1, null);
            if (ids.isEmpty()) {
                throw new ErpException(new ErpError.Permanent("Tryton has no journal with code '"
                        + client.config().journalCode() + "' (configured as the posting journal)"));
            }
            journalId = ids.getFirst();
        }
        return journalId;
    }

    /** The period holding {@code date} (of any state); refreshed when {@code fresh} or on a miss. */
    Optional<Period> period(LocalDate date, boolean fresh) {
        Optional<Period> found = fresh ? Optional.empty() : find(date);
        if (found.isEmpty()) {
            periods = Rows.stream(client.searchRead("account.period", List.of(List.of("company", "=", id()),
                            List.of("type", "=", "standard")), List.of("name", "start_date", "end_date", "state")))
                    .map(r -> new Period(Rows.id(r), Rows.text(r, "name"),
                            TrytonCodec.toDate(r.get("start_date")), TrytonCodec.toDate(r.get("end_date")),
                            Rows.text(r, "state"))).toList();
            found = find(date);
        }
        return found;
    }

    private Optional<Period> find(LocalDate date) {
        return periods.stream().filter(p -> !date.isBefore(p.start()) && !date.isAfter(p.end())).findFirst();
    }
}
