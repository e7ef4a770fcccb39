package io.finrelay.server.masterdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.model.bank.Iban;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.secrets.SecretBox;
import org.springframework.stereotype.Component;

/**
 * Bank account numbers of employees and vendors at rest: sealed with {@link SecretBox} inside the
 * stored document ({@code bankAccount.iban}), bound to tenant, kind, key and field, so a sealed IBAN
 * copied onto another payee or tenant does not open. Everything that reads a document back opens it
 * here; whoever shows it decides about masking.
 */
@Component
public class BankDetails {
    private static final String ACCOUNT = "bankAccount";
    private static final String IBAN = "iban";

    private final SecretBox box;

    public BankDetails(SecretBox box) {
        this.box = box;
    }

    /** Whether records of this kind (stored name, e.g. {@code employee}) carry a bank account. */
    public static boolean holdsBankAccount(String storedKind) {
        return storedKind.equals(MasterDataKind.EMPLOYEES.storedName()) || storedKind.equals(MasterDataKind.VENDORS.storedName());
    }

    static String context(TenantId tenant, String storedKind, String key) {
        return "tenant/" + tenant.value() + "/master-data/" + storedKind + "/" + key + "/" + ACCOUNT + "." + IBAN;
    }

    /** A copy of {@code document} as it is stored: the IBAN sealed under the active key. */
    public JsonNode sealed(TenantId tenant, String storedKind, String key, JsonNode document) {
        String iban = ibanOf(document);
        if (!holdsBankAccount(storedKind) || iban == null || SecretBox.isSealed(iban)) {
            return document;
        }
        return withIban(document, box.seal(iban, context(tenant, storedKind, key)));
    }

    /** A copy of a stored {@code document} with its IBAN readable again. */
    public JsonNode opened(TenantId tenant, String storedKind, String key, JsonNode document) {
        String iban = ibanOf(document);
        if (!holdsBankAccount(storedKind) || !SecretBox.isSealed(iban)) {
            return document;
        }
        return withIban(document, box.open(iban, context(tenant, storedKind, key)));
    }

    /**
     * The stored document as it should be after a key rotation: a plaintext IBAN (from before
     * sealing) sealed, one under an older key sealed again under the active key; else unchanged.
     */
    JsonNode resealed(TenantId tenant, String storedKind, String key, JsonNode stored) {
        String iban = ibanOf(stored);
        if (!holdsBankAccount(storedKind) || iban == null) {
            return stored;
        }
        String context = context(tenant, storedKind, key);
        return withIban(stored, SecretBox.isSealed(iban) ? box.reseal(iban, context) : box.seal(iban, context));
    }

    /** How a value sealed under the active key starts. */
    String activePrefix() {
        return box.activePrefix();
    }

    /** A copy with the IBAN masked as {@link Iban#masked()} shows it, for callers that need not see it. */
    public static JsonNode masked(JsonNode document) {
        String iban = ibanOf(document);
        return iban == null || !Iban.isValid(iban) ? document : withIban(document, Iban.of(iban).masked());
    }

    static String ibanOf(JsonNode document) {
        JsonNode iban = document.path(ACCOUNT).path(IBAN);
        return iban.isTextual() ? iban.asText() : null;
    }

    private static JsonNode withIban(JsonNode document, String iban) {
        ObjectNode copy = ((ObjectNode) document).deepCopy();
        ((ObjectNode) copy.get(ACCOUNT)).put(IBAN, iban);
        return copy;
    }
}
