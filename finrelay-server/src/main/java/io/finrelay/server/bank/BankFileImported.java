package io.finrelay.server.bank;

import java.util.Objects;
import java.util.UUID;

/**
 * Published (as a Spring application event) after a bank file's import has committed, whichever way it
 * came: a channel or the API. Listeners such as the reconciliation start their work from it.
 */
public record BankFileImported(UUID tenantId, UUID fileId) {
    public BankFileImported {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(fileId, "fileId");
    }
}
