package io.finrelay.server.secrets;

import io.finrelay.engine.json.FieldSealer;
import io.finrelay.model.id.TenantId;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Bank account numbers inside what the workflow engine stores (a reimbursement's payee in its state,
 * the payment command's payload) are sealed with the {@link SecretBox}, bound to the tenant and the
 * field, like the IBANs of master data. Workflows and connectors see them opened; the tables never.
 */
@Component
public class WorkflowFieldSealer implements FieldSealer {
    private static final Set<String> FIELDS = Set.of("iban");

    private final SecretBox box;

    public WorkflowFieldSealer(SecretBox box) {
        this.box = box;
    }

    @Override
    public Set<String> fields() {
        return FIELDS;
    }

    @Override
    public String seal(TenantId tenant, String field, String value) {
        return box.seal(value, context(tenant, field));
    }

    @Override
    public String open(TenantId tenant, String field, String value) {
        return box.open(value, context(tenant, field));
    }

    @Override
    public boolean isSealed(String value) {
        return SecretBox.isSealed(value);
    }

    private static String context(TenantId tenant, String field) {
        return "tenant/" + tenant.value() + "/workflow/" + field;
    }
}
