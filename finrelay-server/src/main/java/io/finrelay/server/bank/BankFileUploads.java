package io.finrelay.server.bank;

import io.finrelay.engine.db.Database;
import io.finrelay.formats.channel.ReceivedFile;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.limits.LargeBodyRoute;
import io.finrelay.server.web.limits.RequestTooLarge;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Bank files by API: the request body streams into a temporary file (never into memory; at most
 * {@code finrelay.bank.max-upload-bytes}), which then takes exactly the channels' import path
 * ({@link BankFileImports}), and is deleted.
 */
@Component
public class BankFileUploads implements LargeBodyRoute {
    private static final Logger log = LoggerFactory.getLogger(BankFileUploads.class);
    private static final Pattern ROUTE = Pattern.compile("/v1/tenants/[^/]+/bank-files/?");

    /** What became of an uploaded file: its ledger row, and the file record to answer with. */
    public record Upload(UUID fileId, ReceivedFile.Status status, BankFileView file, List<String> problems) {}

    private final BankFileImports imports;
    private final Database db;
    private final Clock clock;
    private final long maxBytes;

    public BankFileUploads(BankFileImports imports, Database db, Clock clock, BankProperties properties) {
        this.imports = imports;
        this.db = db;
        this.clock = clock;
        this.maxBytes = properties.maxUploadBytes().toBytes();
    }

    @Override
    public boolean covers(HttpServletRequest request) {
        return "POST".equals(request.getMethod())
                && ROUTE.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches();
    }

    @Override
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Takes one file in for the tenant, as if it had arrived on {@code connection}. A file the tenant
     * already has answers the earlier import (status DUPLICATE, {@code file} the earlier record).
     */
    public Upload upload(TenantScope scope, String connection, String name, InputStream body) throws IOException {
        Path temp = Files.createTempFile("finrelay-bank-upload-", ".part");
        try {
            long size = copy(body, temp);
            log.info("bank file upload {} on {} for tenant {}: {} bytes", name, connection, scope.tenantId(), size);
            JdbcBankFiles ledger = imports.ledger(scope, connection, clock);
            try {
                imports.processor(scope, connection, ledger, clock).process(name, temp);
            } finally {
                ledger.rollbackOpenUnit();
            }
            JdbcBankFiles.Recorded recorded = ledger.drainRecords().getLast();
            ReceivedFile file = recorded.file();
            BankFileView view = file.status() == ReceivedFile.Status.DUPLICATE && recorded.earlier() != null
                    ? recorded.earlier() : find(scope, recorded.id()).orElseThrow();
            return new Upload(recorded.id(), file.status(), view, file.problems());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Optional<BankFileView> find(TenantScope scope, UUID fileId) {
        return db.inTenant(scope.tenantId(), c -> BankFileRows.find(c, scope, fileId));
    }

    /** Copies the body, counting: a body over the limit fails before anything of it is imported. */
    private long copy(InputStream body, Path target) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = body.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new RequestTooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        }
        if (total == 0) {
            throw ApiProblem.invalid("body", null, "is empty: send the bank file as the request body");
        }
        return total;
    }
}
