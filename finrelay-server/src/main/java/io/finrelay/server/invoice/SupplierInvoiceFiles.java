package io.finrelay.server.invoice;

import io.finrelay.einvoice.EInvoiceException;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.exception.ExceptionRecord;
import io.finrelay.engine.exception.ExceptionStore;
import io.finrelay.engine.runtime.IdGenerator;
import io.finrelay.formats.channel.FileTaker;
import io.finrelay.model.invoice.RuleViolation;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.JsonBodyCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Takes the files of one tenant's supplier-invoice channel in, each through the same path as an API
 * upload ({@link SupplierInvoices#take} then {@link InvoiceWorkflow#start}): the same content again is the
 * earlier invoice (archived as a duplicate, no second workflow), and a file that is refused (not an
 * invoice, hostile XML, a broken EN 16931 rule, a number the seller used for another document, too large)
 * is quarantined by the channel and opens one exception naming the file and every rule it breaks.
 * Nothing of a refused file is stored but that exception: the intake commits whole or not at all.
 *
 * <p>A failure that is not the file's fault (the database) propagates: the channel leaves the file in its
 * inbox for the next poll, which takes it in as if for the first time (or finds the invoice it became and
 * starts its workflow if that had not happened yet).
 */
public final class SupplierInvoiceFiles implements FileTaker<SupplierInvoiceFiles.InvoiceFile> {
    /** The exception's code in the queue. */
    public static final String REFUSED = "supplier-invoice-file-refused";

    /** What became of one file. */
    public enum Outcome {
        /** A new supplier invoice: stored, its workflow started. */
        TAKEN,
        /** The tenant has this document already: the earlier invoice, nothing new. */
        DUPLICATE,
        /** Quarantined with an exception: {@code violations} says why. */
        REFUSED
    }

    /**
     * @param invoiceId  the supplier invoice the file is (new or earlier); null when refused
     * @param violations the rules broken (EN 16931 rule ids, XSD, XML, SYNTAX, PDF, FILE...); empty unless refused
     * @param exceptionId the open exception of a refused file's content (the first one, when the same bad file came again)
     */
    public record InvoiceFile(String name, String sha256, Outcome outcome, UUID invoiceId,
                              List<RuleViolation> violations, UUID exceptionId) {
        public InvoiceFile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(outcome, "outcome");
            violations = List.copyOf(violations);
        }
    }

    private final TenantScope scope;
    private final String connection;
    private final long maxFileBytes;
    private final SupplierInvoices invoices;
    private final InvoiceWorkflow workflow;
    private final JsonBodyCheck jsonBody;
    private final Database db;
    private final Clock clock;
    private final IdGenerator ids;

    SupplierInvoiceFiles(TenantScope scope, String connection, long maxFileBytes, SupplierInvoices invoices,
                         InvoiceWorkflow workflow, JsonBodyCheck jsonBody, Database db, Clock clock) {
        this.scope = scope;
        this.connection = connection;
        this.maxFileBytes = maxFileBytes;
        this.invoices = invoices;
        this.workflow = workflow;
        this.jsonBody = jsonBody;
        this.db = db;
        this.clock = clock;
        this.ids = IdGenerator.timeOrdered(clock);
    }

    @Override
    public InvoiceFile take(String name, Path file) {
        long size = size(file);
        if (size > maxFileBytes) {
            return refuse(name, sha256(file), List.of(new RuleViolation("FILE", name, "is " + size
                    + " bytes, more than the " + maxFileBytes + " bytes a supplier-invoice file may have "
                    + "(finrelay.supplier-invoices.max-file-bytes)")));
        }
        byte[] document = read(file);
        String sha256 = SupplierInvoices.sha256(document);
        SupplierInvoices.Format format = format(name, document);
        if (format == null) {
            return refuse(name, sha256, List.of(new RuleViolation("SYNTAX", name, "not a supplier invoice: neither "
                    + "XML (UBL 2.1, UN/CEFACT CII), a Factur-X / ZUGFeRD PDF, JSON nor a CSV export (.csv)")));
        }
        String correlationId = "invoice-channel:" + connection + "/" + name;
        SupplierInvoices.Intake intake;
        try {
            if (format == SupplierInvoices.Format.JSON) {
                jsonBody.check(document);
            }
            intake = invoices.take(scope, document, format, correlationId);
        } catch (EInvoiceException e) {
            return refuse(name, sha256, e.violations());
        } catch (ApiProblem e) {
            if (e.status().is5xxServerError()) {
                throw e;
            }
            return refuse(name, sha256, List.of(new RuleViolation(e.type(), name, e.getMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name + " as JSON", e);
        }
        // After the intake's commit, as for an upload; the same file again (after a crash in between) starts it then.
        workflow.start(scope, intake.row().id(), intake.invoice(), correlationId);
        return new InvoiceFile(name, sha256, intake.created() ? Outcome.TAKEN : Outcome.DUPLICATE, intake.row().id(),
                List.of(), null);
    }

    @Override
    public String sha256(InvoiceFile result) {
        return result.sha256();
    }

    /** A refused file's reason beside it in the quarantine: the outcome, then each rule, its element and what is wrong. */
    @Override
    public List<String> refusal(InvoiceFile result) {
        if (result.outcome() != Outcome.REFUSED) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("REFUSED (exception " + result.exceptionId() + ")");
        result.violations().forEach(v -> lines.add(v.rule() + " (" + v.element() + "): " + v.message()));
        return lines;
    }

    /**
     * The format of a file: by its content (a PDF, XML, a JSON object), else a {@code .csv} name; null
     * when it is none of them.
     */
    static SupplierInvoices.Format format(String name, byte[] document) {
        int i = 0;
        if (document.length >= 3 && (document[0] & 0xff) == 0xEF && (document[1] & 0xff) == 0xBB && (document[2] & 0xff) == 0xBF) {
            i = 3;
        }
        while (i < document.length && Character.isWhitespace(document[i])) {
            i++;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (startsWith(document, i, "%PDF-")) {
            return SupplierInvoices.Format.PDF;
        }
        if (i < document.length && document[i] == '<') {
            return SupplierInvoices.Format.XML;
        }
        if (lower.endsWith(".csv")) {
            return SupplierInvoices.Format.CSV;
        }
        if ((i < document.length && document[i] == '{') || lower.endsWith(".json")) {
            return SupplierInvoices.Format.JSON;
        }
        return null;
    }

    private static boolean startsWith(byte[] document, int from, String prefix) {
        if (document.length - from < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (document[from + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Opens the exception of a refused file in its own transaction, once per content: the same bad file
     * again (another name, another delivery) finds the earlier exception and is quarantined beside it.
     */
    private InvoiceFile refuse(String name, String sha256, List<RuleViolation> violations) {
        String key = "supplier-invoice-file:" + sha256;
        Instant now = clock.instant();
        UUID exceptionId = db.inTenant(scope.tenantId(), c -> {
            try (PreparedStatement ps = TenantSql.prepare(c, scope,
                    "select id from exception where tenant_id = ? and correlation_id = ? order by created_at limit 1")) {
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getObject(1, UUID.class);
                    }
                }
            }
            UUID id = ids.next();
            String rules = String.join("; ", violations.stream()
                    .map(v -> v.rule() + " (" + v.element() + "): " + v.message()).toList());
            String reason = "supplier-invoice file " + name + " on " + connection + " refused: " + rules;
            Map<String, String> context = new LinkedHashMap<>();
            context.put("file", name);
            context.put("connection", connection);
            context.put("sha256", sha256);
            context.put("rules", String.join(",", violations.stream().map(RuleViolation::rule).distinct().toList()));
            new ExceptionStore().insert(c, List.of(new ExceptionRecord(scope.tenantId(), id, null, null,
                    ExceptionRecord.Kind.INCIDENT, REFUSED, reason.length() > 2000 ? reason.substring(0, 2000) + "..." : reason,
                    context, ExceptionRecord.Status.OPEN, null, key, now, now)));
            return id;
        });
        return new InvoiceFile(name, sha256, Outcome.REFUSED, null, violations, exceptionId);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
    }

    /** The hash of a file too large to read whole. */
    private static String sha256(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
