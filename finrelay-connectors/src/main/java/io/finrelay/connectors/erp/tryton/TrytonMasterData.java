package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.finrelay.model.Money;
import io.finrelay.model.bank.BankAccount;
import io.finrelay.model.bank.Bic;
import io.finrelay.model.bank.Iban;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.CustomerId;
import io.finrelay.model.id.EmployeeId;
import io.finrelay.model.id.TaxCodeKey;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.id.VendorId;
import io.finrelay.model.ledger.AccountType;
import io.finrelay.model.ledger.GlAccount;
import io.finrelay.model.ledger.TaxCode;
import io.finrelay.model.party.Customer;
import io.finrelay.model.party.Employee;
import io.finrelay.model.party.LegalEntity;
import io.finrelay.model.party.Vendor;
import io.finrelay.workflows.port.ErpJournal;
import io.finrelay.workflows.port.FiscalPeriod;
import io.finrelay.workflows.port.MasterData;
import io.finrelay.workflows.port.Synced;
import io.finrelay.workflows.port.Watermark;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The master data pull: Tryton records changed at or after a watermark (by {@code create_date} or
 * {@code write_date}, Tryton's own clock), turned into canonical records.
 *
 * <p>Tryton has no vendor or customer flag on a party, so the roles are inferred: the company's own
 * party, banks and employees are not business partners; a party with an IBAN is a vendor; a party
 * with a credit limit, or without an IBAN, is a customer. An account without a code cannot be
 * addressed by a canonical journal line and is skipped (with the reason).
 */
final class TrytonMasterData {
    private final TrytonClient client;
    private final TrytonCompany company;
    private final TenantId tenant;
    private final String db;
    private Instant newest;
    private final List<MasterData.Skipped> skipped = new ArrayList<>();

    TrytonMasterData(TrytonClient client, TrytonCompany company) {
        this.client = client;
        this.company = company;
        this.tenant = client.config().tenantId();
        this.db = client.config().database();
    }

    MasterData pull(Watermark since) {
        newest = since.changedAt();
        List<Synced<LegalEntity>> legalEntities = legalEntities(since);
        Set<Long> notPartners = notPartners();
        PartyData parties = parties(since, notPartners);
        MasterData data = new MasterData(legalEntities, parties.vendors, parties.customers, employees(since),
                accounts(since), List.of(), taxes(since), periods(since), journals(since), skipped,
                new Watermark(newest));
        return data;
    }

    private List<Object> changed(Watermark since, Object... more) {
        List<Object> domain = new ArrayList<>(List.of(more));
        if (since.changedAt().isAfter(Instant.EPOCH)) {
            domain.add(List.of("OR", List.of("write_date", ">=", since.changedAt()),
                    List.of("create_date", ">=", since.changedAt())));
        }
        return domain;
    }

    private ArrayNode fetch(String model, List<Object> domain, List<String> fields) {
        List<String> all = new ArrayList<>(fields);
        all.add("create_date");
        all.add("write_date");
        ArrayNode rows = client.searchRead(model, domain, all);
        for (JsonNode row : rows) {
            for (String f : List.of("create_date", "write_date")) {
                Instant t = TrytonCodec.toInstant(row.get(f));
                if (t != null && t.isAfter(newest)) {
                    newest = t;
                }
            }
        }
        return rows;
    }

    private <T> Optional<T> build(String kind, long id, java.util.function.Supplier<T> make) {
        try {
            return Optional.of(make.get());
        } catch (IllegalArgumentException e) {
            skipped.add(new MasterData.Skipped(kind, Long.toString(id), e.getMessage()));
            return Optional.empty();
        }
    }

    private String countryOr(String country) {
        return country.isEmpty() ? company.country() : country;
    }

    private List<Synced<LegalEntity>> legalEntities(Watermark since) {
        List<Synced<LegalEntity>> out = new ArrayList<>();
        for (JsonNode row : fetch("company.company", changed(since), List.of("party.name", "currency.code", "party"))) {
            long id = Rows.id(row);
            String country = countryOr(countryOf(Rows.ref(row, "party")));
            build("company", id, () -> new LegalEntity(new io.finrelay.model.id.LegalEntityId(
                    TrytonIds.uuid(tenant, db, "company.company", id)), tenant, Rows.textThrough(row, "party", "name"),
                    country, Currency.getInstance(Rows.textThrough(row, "currency", "code"))))
                    .ifPresent(le -> out.add(new Synced<>(Long.toString(id), le)));
        }
        return out;
    }

    private String countryOf(long party) {
        ArrayNode rows = client.searchRead("party.address", List.of(List.of("party", "=", party)), List.of("country.code"));
        return rows.isEmpty() ? "" : Rows.textThrough(rows.get(0), "country", "code");
    }

    /** The company's own parties, banks and employees: not vendors or customers. */
    private Set<Long> notPartners() {
        Set<Long> ids = new HashSet<>();
        client.searchRead("company.company", List.of(), List.of("party")).forEach(r -> ids.add(Rows.ref(r, "party")));
        client.searchRead("bank", List.of(), List.of("party")).forEach(r -> ids.add(Rows.ref(r, "party")));
        client.searchRead("company.employee", List.of(), List.of("party")).forEach(r -> ids.add(Rows.ref(r, "party")));
        return ids;
    }

    private record PartyData(List<Synced<Vendor>> vendors, List<Synced<Customer>> customers) {}

    private PartyData parties(Watermark since, Set<Long> notPartners) {
        ArrayNode rows = fetch("party.party", changed(since), List.of("name", "credit_limit_amount", "addresses"));
        List<Long> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(Rows.id(r)));
        Map<Long, BankAccountRow> banks = bankAccounts(ids);
        Map<Long, String> countries = countries(ids);
        List<Synced<Vendor>> vendors = new ArrayList<>();
        List<Synced<Customer>> customers = new ArrayList<>();
        Currency currency = company.currency();
        for (JsonNode row : rows) {
            long id = Rows.id(row);
            if (notPartners.contains(id)) {
                continue;
            }
            String name = Rows.text(row, "name");
            String country = countryOr(countries.getOrDefault(id, ""));
            BankAccountRow bank = banks.get(id);
            BigDecimal limit = TrytonCodec.toDecimal(row.get("credit_limit_amount"));
            if (bank != null) {
                build("vendor", id, () -> new Vendor(new VendorId(TrytonIds.uuid(tenant, db, "party.party", id)), tenant,
                        company.legalEntityId(), name, country, bank.toCanonical(name), true))
                        .ifPresent(v -> vendors.add(new Synced<>(Long.toString(id), v)));
            }
            if (bank == null || limit != null) {
                Money creditLimit = limit == null ? Money.zero(currency) : Money.rounded(limit, currency);
                build("customer", id, () -> new Customer(new CustomerId(TrytonIds.uuid(tenant, db, "party.party", id)),
                        tenant, company.legalEntityId(), name, country, creditLimit, true))
                        .ifPresent(c -> customers.add(new Synced<>(Long.toString(id), c)));
            }
        }
        return new PartyData(vendors, customers);
    }

    private record BankAccountRow(String iban, String bic) {
        BankAccount toCanonical(String holder) {
            String h = holder.length() > 70 ? holder.substring(0, 70) : holder;
            return bic.isEmpty() ? BankAccount.of(Iban.of(iban), h) : BankAccount.of(Iban.of(iban), Bic.of(bic), h);
        }
    }

    /** The first IBAN of each party (with its bank's BIC). */
    private Map<Long, BankAccountRow> bankAccounts(List<Long> parties) {
        Map<Long, BankAccountRow> out = new HashMap<>();
        if (parties.isEmpty()) {
            return out;
        }
        ArrayNode accounts = client.searchRead("bank.account", List.of(List.of("owners", "in", parties)),
                List.of("owners", "bank.bic"));
        Map<Long, JsonNode> byId = new HashMap<>();
        accounts.forEach(a -> byId.put(Rows.id(a), a));
        if (byId.isEmpty()) {
            return out;
        }
        for (JsonNode number : client.searchRead("bank.account.number", List.of(
                List.of("account", "in", List.copyOf(byId.keySet())), List.of("type", "=", "iban")),
                List.of("account", "number_compact"))) {
            JsonNode account = byId.get(Rows.ref(number, "account"));
            String bic = Rows.textThrough(account, "bank", "bic");
            for (JsonNode owner : account.path("owners")) {
                out.putIfAbsent(owner.asLong(), new BankAccountRow(Rows.text(number, "number_compact"), bic));
            }
        }
        return out;
    }

    private Map<Long, String> countries(List<Long> parties) {
        Map<Long, String> out = new HashMap<>();
        if (!parties.isEmpty()) {
            for (JsonNode a : client.searchRead("party.address", List.of(List.of("party", "in", parties)),
                    List.of("party", "country.code"))) {
                String code = Rows.textThrough(a, "country", "code");
                if (!code.isEmpty()) {
                    out.putIfAbsent(Rows.ref(a, "party"), code);
                }
            }
        }
        return out;
    }

    private List<Synced<Employee>> employees(Watermark since) {
        ArrayNode rows = fetch("company.employee", changed(since), List.of("party", "party.name", "company"));
        List<Long> parties = new ArrayList<>();
        rows.forEach(r -> parties.add(Rows.ref(r, "party")));
        Map<Long, BankAccountRow> banks = bankAccounts(parties);
        Map<Long, String> emails = new HashMap<>();
        if (!parties.isEmpty()) {
            for (JsonNode c : client.searchRead("party.contact_mechanism", List.of(List.of("party", "in", parties),
                    List.of("type", "=", "email")), List.of("party", "value"))) {
                emails.putIfAbsent(Rows.ref(c, "party"), Rows.text(c, "value"));
            }
        }
        List<Synced<Employee>> out = new ArrayList<>();
        for (JsonNode row : rows) {
            long id = Rows.id(row);
            long party = Rows.ref(row, "party");
            String name = Rows.textThrough(row, "party", "name");
            BankAccountRow bank = banks.get(party);
            if (bank == null) {
                skipped.add(new MasterData.Skipped("employee", Long.toString(id), name + " has no IBAN to reimburse to"));
                continue;
            }
            if (!emails.containsKey(party)) {
                skipped.add(new MasterData.Skipped("employee", Long.toString(id), name + " has no e-mail address"));
                continue;
            }
            build("employee", id, () -> new Employee(new EmployeeId(TrytonIds.uuid(tenant, db, "company.employee", id)),
                    tenant, company.legalEntityId(), name, emails.get(party), true, bank.toCanonical(name)))
                    .ifPresent(e -> out.add(new Synced<>(Long.toString(id), e)));
        }
        return out;
    }

    private List<Synced<GlAccount>> accounts(Watermark since) {
        List<Synced<GlAccount>> out = new ArrayList<>();
        for (JsonNode row : fetch("account.account", changed(since, List.of("company", "=", company.id())),
                List.of("code", "name", "closed", "type", "type.statement", "type.assets", "type.receivable",
                        "type.payable", "type.revenue", "type.expense"))) {
            long id = Rows.id(row);
            String code = Rows.text(row, "code");
            Optional<AccountType> type = accountType(row);
            if (type.isEmpty()) {
                skipped.add(new MasterData.Skipped("account", Long.toString(id), Rows.text(row, "name")
                        + " is a view or off-balance account"));
                continue;
            }
            if (code.isEmpty()) {
                skipped.add(new MasterData.Skipped("account", Long.toString(id), Rows.text(row, "name")
                        + " has no code, so no journal line can address it"));
                continue;
            }
            build("account", id, () -> new GlAccount(tenant, AccountCode.of(code), Rows.text(row, "name"), type.get(),
                    company.legalEntityId(), !Rows.bool(row, "closed")))
                    .ifPresent(a -> out.add(new Synced<>(Long.toString(id), a)));
        }
        return out;
    }

    /** Tryton's account type flags as one of the five canonical kinds; empty for view accounts. */
    static Optional<AccountType> accountType(JsonNode row) {
        if (Rows.ref(row, "type") < 0) {
            return Optional.empty();
        }
        String statement = Rows.textThrough(row, "type", "statement");
        JsonNode type = row.get("type.");
        if (type != null && (type.path("revenue").asBoolean() || type.path("revenue").asInt() == 1)) {
            return Optional.of(AccountType.INCOME);
        }
        if (type != null && (type.path("expense").asBoolean() || type.path("expense").asInt() == 1)) {
            return Optional.of(AccountType.EXPENSE);
        }
        if ("income".equals(statement)) {
            return Optional.of(AccountType.EXPENSE);
        }
        if (!"balance".equals(statement)) {
            return Optional.empty();
        }
        if (flag(type, "receivable") || flag(type, "assets")) {
            return Optional.of(AccountType.ASSET);
        }
        String name = Rows.text(row, "name").toLowerCase(java.util.Locale.ROOT);
        return Optional.of(name.contains("equity") || name.contains("capital") ? AccountType.EQUITY : AccountType.LIABILITY);
    }

    private static boolean flag(JsonNode type, String name) {
        return type != null && (type.path(name).asBoolean() || type.path(name).asInt() == 1);
    }

    private List<Synced<TaxCode>> taxes(Watermark since) {
        List<Synced<TaxCode>> out = new ArrayList<>();
        String country = company.country().isEmpty() ? "DE" : company.country();
        for (JsonNode row : fetch("account.tax", changed(since, List.of("company", "=", company.id())),
                List.of("name", "type", "rate"))) {
            long id = Rows.id(row);
            if (!"percentage".equals(Rows.text(row, "type"))) {
                skipped.add(new MasterData.Skipped("tax", Long.toString(id), Rows.text(row, "name")
                        + " is not a percentage tax"));
                continue;
            }
            BigDecimal rate = TrytonCodec.toDecimal(row.get("rate")).movePointRight(2).stripTrailingZeros();
            BigDecimal percent = rate.scale() < 0 ? rate.setScale(0) : rate;
            build("tax", id, () -> new TaxCode(tenant, TaxCodeKey.of(taxKey(Rows.text(row, "name"), id)), country,
                    percent, true)).ifPresent(t -> out.add(new Synced<>(Long.toString(id), t)));
        }
        return out;
    }

    /** A tax code key from the tax's name ("VAT 19%" -> "VAT-19"), or "TX" + id if none fits. */
    static String taxKey(String name, long id) {
        String key = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-._]+|[-._]+$", "");
        if (key.length() > 16) {
            key = key.substring(0, 16).replaceAll("[-._]+$", "");
        }
        return key.isEmpty() ? "TX" + id : key;
    }

    private List<FiscalPeriod> periods(Watermark since) {
        List<FiscalPeriod> out = new ArrayList<>();
        for (JsonNode row : fetch("account.fiscalyear", changed(since, List.of("company", "=", company.id())),
                List.of("name", "start_date", "end_date", "state"))) {
            out.add(new FiscalPeriod(Long.toString(Rows.id(row)), company.legalEntityId(), FiscalPeriod.Kind.YEAR,
                    Rows.text(row, "name"), TrytonCodec.toDate(row.get("start_date")),
                    TrytonCodec.toDate(row.get("end_date")), "open".equals(Rows.text(row, "state"))));
        }
        for (JsonNode row : fetch("account.period", changed(since, List.of("company", "=", company.id())),
                List.of("name", "start_date", "end_date", "state"))) {
            out.add(new FiscalPeriod(Long.toString(Rows.id(row)), company.legalEntityId(), FiscalPeriod.Kind.PERIOD,
                    Rows.text(row, "name"), TrytonCodec.toDate(row.get("start_date")),
                    TrytonCodec.toDate(row.get("end_date")), "open".equals(Rows.text(row, "state"))));
        }
        return out;
    }

    private List<ErpJournal> journals(Watermark since) {
        List<ErpJournal> out = new ArrayList<>();
        for (JsonNode row : fetch("account.journal", changed(since), List.of("code", "name", "type", "active"))) {
            out.add(new ErpJournal(Long.toString(Rows.id(row)), Rows.text(row, "code"), Rows.text(row, "name"),
                    Rows.text(row, "type"), Rows.bool(row, "active")));
        }
        return out;
    }
}
