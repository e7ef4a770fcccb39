package io.finrelay.server.masterdata;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.model.ValidationException;
import io.finrelay.model.bank.BankAccount;
import io.finrelay.model.bank.Bic;
import io.finrelay.model.bank.Iban;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.CostCenterCode;
import io.finrelay.model.id.CostCenterId;
import io.finrelay.model.id.EmployeeId;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.ProjectCode;
import io.finrelay.model.id.ProjectId;
import io.finrelay.model.id.TaxCodeKey;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.id.VendorId;
import io.finrelay.model.ledger.AccountType;
import io.finrelay.model.ledger.CostCenter;
import io.finrelay.model.ledger.GlAccount;
import io.finrelay.model.ledger.Project;
import io.finrelay.model.ledger.TaxCode;
import io.finrelay.model.party.Employee;
import io.finrelay.model.party.LegalEntity;
import io.finrelay.model.party.Vendor;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Currency;
import java.util.Optional;
import java.util.UUID;

/**
 * The kinds of master data the API keeps, each with its path, its canonical schema, how it is keyed
 * (a generated id, or the business code) and how its model record is built. Building the record
 * runs the model's own checks (IBAN mod-97, country, rates), which the schema cannot express.
 */
public enum MasterDataKind {
    LEGAL_ENTITIES("legal-entities", "legal-entity", "id"),
    EMPLOYEES("employees", "employee", "id"),
    VENDORS("vendors", "vendor", "id"),
    COST_CENTERS("cost-centers", "cost-center", "id"),
    PROJECTS("projects", "project", "id"),
    GL_ACCOUNTS("gl-accounts", "gl-account", "code"),
    TAX_CODES("tax-codes", "tax-code", "code");

    /** The path pattern that matches exactly these kinds. */
    public static final String PATH_PATTERN = "legal-entities|employees|vendors|cost-centers|projects|gl-accounts|tax-codes";

    private final String path;
    private final String schema;
    private final String keyField;

    MasterDataKind(String path, String schema, String keyField) {
        this.path = path;
        this.schema = schema;
        this.keyField = keyField;
    }

    public static Optional<MasterDataKind> fromPath(String path) {
        return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst();
    }

    public String path() {
        return path;
    }

    public String schema() {
        return schema;
    }

    /** The stored name, e.g. {@code vendor}. */
    public String storedName() {
        return schema;
    }

    /** {@code id} (a UUID the server generates if absent) or {@code code} (the caller's business code). */
    public String keyField() {
        return keyField;
    }

    public boolean keyedById() {
        return keyField.equals("id");
    }

    /** The legal entity the record belongs to, if its kind has one. */
    public Optional<UUID> legalEntityOf(JsonNode document) {
        return this == LEGAL_ENTITIES || this == TAX_CODES ? Optional.empty()
                : Optional.of(UUID.fromString(document.get("legalEntityId").asText()));
    }

    /** Builds the model record (tenant and key already set in {@code d}); throws ValidationException naming the field. */
    public Object toRecord(JsonNode d, TenantId tenant) {
        return switch (this) {
            case LEGAL_ENTITIES -> new LegalEntity(new LegalEntityId(uuid(d, "id")), tenant, text(d, "name"),
                    text(d, "country"), currency(d, "functionalCurrency"));
            case EMPLOYEES -> new Employee(new EmployeeId(uuid(d, "id")), tenant, new LegalEntityId(uuid(d, "legalEntityId")),
                    text(d, "name"), text(d, "email"), d.path("active").asBoolean(), bankAccount(d, "bankAccount"));
            case VENDORS -> new Vendor(new VendorId(uuid(d, "id")), tenant, new LegalEntityId(uuid(d, "legalEntityId")),
                    text(d, "name"), text(d, "country"), bankAccount(d, "bankAccount"), d.path("active").asBoolean());
            case COST_CENTERS -> new CostCenter(new CostCenterId(uuid(d, "id")), tenant,
                    new CostCenterCode(text(d, "code")), text(d, "name"), new LegalEntityId(uuid(d, "legalEntityId")),
                    d.path("open").asBoolean());
            case PROJECTS -> new Project(new ProjectId(uuid(d, "id")), tenant, new ProjectCode(text(d, "code")),
                    text(d, "name"), new LegalEntityId(uuid(d, "legalEntityId")), d.path("open").asBoolean());
            case GL_ACCOUNTS -> new GlAccount(tenant, new AccountCode(text(d, "code")), text(d, "name"),
                    AccountType.valueOf(text(d, "type")), new LegalEntityId(uuid(d, "legalEntityId")),
                    d.path("open").asBoolean());
            case TAX_CODES -> new TaxCode(tenant, new TaxCodeKey(text(d, "code")), text(d, "country"),
                    decimal(d, "ratePercent"), d.path("recoverable").asBoolean());
        };
    }

    private static String text(JsonNode d, String field) {
        JsonNode value = d.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static UUID uuid(JsonNode d, String field) {
        String text = text(d, field);
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ValidationException(field, text, "must be a UUID");
        }
    }

    private static Currency currency(JsonNode d, String field) {
        String code = text(d, field);
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ValidationException(field, code, "is not an ISO 4217 currency");
        }
    }

    private static BigDecimal decimal(JsonNode d, String field) {
        String text = text(d, field);
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException | NullPointerException e) {
            throw new ValidationException(field, text, "must be a decimal number");
        }
    }

    /** A bank account inside a record: errors name the nested field ({@code bankAccount.iban}). */
    private static BankAccount bankAccount(JsonNode d, String field) {
        JsonNode account = d.path(field);
        try {
            Optional<Bic> bic = Optional.ofNullable(text(account, "bic")).map(Bic::new);
            return new BankAccount(new Iban(text(account, "iban")), bic, text(account, "holderName"));
        } catch (ValidationException e) {
            throw new ValidationException(field + "." + e.field(), e.rejectedValue(), e.reason());
        }
    }
}
