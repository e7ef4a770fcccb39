package io.finrelay.server.bank;

import io.finrelay.formats.channel.ReceivedFile;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The received bank files of a tenant, newest first: what came on which connection, its hash, size,
 * format, counts, booked totals per currency, and whether it was imported or why not.
 */
@RestController
public class BankFileController {
    private static final String BASE = "/v1/tenants/{tenantId}/bank-files";

    /** A page of files; {@code next} is the {@code before} of the following page, null on the last. */
    public record Page(List<BankFileView> items, UUID next) {}

    private final Access access;
    private final BankFileStore files;

    public BankFileController(Access access, BankFileStore files) {
        this.access = access;
        this.files = files;
    }

    /** Lists the tenant's imported bank files, newest first, in pages (filter by status). */
    @GetMapping(BASE)
    public Page list(@PathVariable UUID tenantId, @RequestParam(required = false) UUID before,
                     @RequestParam(required = false) String status, @RequestParam(defaultValue = "50") int limit) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        String wanted = status(status);
        int size = Math.clamp(limit, 1, 500);
        List<BankFileView> items = files.list(scope, before, wanted, size);
        return new Page(items, items.size() < size ? null : items.getLast().id());
    }

    /** One imported bank file with its counts, totals and problems. */
    @GetMapping(BASE + "/{fileId}")
    public BankFileView get(@PathVariable UUID tenantId, @PathVariable UUID fileId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        return files.find(scope, fileId)
                .orElseThrow(() -> ApiProblem.notFound("bank file " + fileId));
    }

    private static String status(String status) {
        if (status == null) {
            return null;
        }
        return Arrays.stream(ReceivedFile.Status.values()).map(Enum::name).filter(status::equals).findFirst()
                .orElseThrow(() -> ApiProblem.invalid("status", status,
                        "one of " + Arrays.toString(ReceivedFile.Status.values())));
    }
}
