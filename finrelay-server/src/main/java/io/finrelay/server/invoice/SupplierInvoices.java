package io.finrelay.server.invoice;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.finrelay.einvoice.EInvoiceReader;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.runtime.IdGenerator;
import io.finrelay.model.Money;
import io.finrelay.model.invoice.SupplierInvoice;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.server.web.ApiProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Supplier invoices taken in by the API: read and checked by finrelay-einvoice, kept per tenant
 * once (by content, and by seller and number), audited. All SQL of the table is here.
 */
@Component
public class SupplierInvoices {
    /** One stored invoice. {@code invoice} is the canonical SupplierInvoice as JSON. */
    public record Row(UUID id, String state, String syntax, String sha256, String sellerKey, String sellerName,
                      String number, String kind, String currency, BigDecimal payable, LocalDate issueDate,
                      Instant receivedAt, JsonNode invoice, String holdCode, String erpRef, LocalDate payOn,
                      BigDecimal payAmount, Boolean discountTaken) {}

    /** What an upload became: a new row, or the earlier one the tenant already had; {@code invoice} as read. */
    public record Intake(boolean created, Row row, SupplierInvoice invoice) {}

    private static final String COLUMNS = "id, state, syntax, sha256, seller_key, seller_name, number, kind, currency, "
            + "payable, issue_date, received_at, invoice";
    private static final String READ = COLUMNS + ", hold_code, erp_ref, pay_on, pay_amount, discount_taken";

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;
    private final IdGenerator ids;
    private final ObjectMapper json;

    public SupplierInvoices(Database db, AuditLog audit, Clock clock, ObjectMapper json) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
        this.ids = IdGenerator.timeOrdered(clock);
        // Money as its decimal string: the canonical JSON carries the invoice currency once, at the top.
        this.json = json.copy().registerModule(new SimpleModule().addSerializer(Money.class,
                new StdSerializer<Money>(Money.class) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public void serialize(Money m, JsonGenerator g, SerializerProvider p) throws IOException {
                        g.writeString(m.amount().toPlainString());
                    }
                }));
    }

    /** What the sender says it sent (its media type); UBL and CII are told apart by the XML itself. */
    public enum Format { XML, PDF, JSON, CSV }

    private static SupplierInvoice read(byte[] document, Format format) {
        return switch (format) {
            case JSON -> EInvoiceReader.read(document, EInvoiceReader.Syntax.JSON);
            case CSV -> EInvoiceReader.read(document, EInvoiceReader.Syntax.CSV);
            case XML, PDF -> EInvoiceReader.read(document);
        };
    }

    /**
     * Takes one supplier invoice in: an e-invoice (XML or hybrid PDF), the canonical invoice as JSON or
     * a CSV export, each read and checked by finrelay-einvoice under the same rules. The same bytes
     * again (for a hybrid PDF: the same embedded XML, so a PDF and its XML are one document), or the same
     * content byte for byte under the same seller and number, answer the earlier row; a different document under a seller and number the
     * tenant already has is refused (409), never merged. Refused documents throw
     * {@link io.finrelay.einvoice.EInvoiceException} and leave nothing behind.
     */
    public Intake take(TenantScope scope, byte[] document, Format format, String correlationId) {
        // a hybrid PDF is known by the e-invoice it carries: the PDF and its XML sent on their own are one document
        String sha256 = sha256(format == Format.PDF ? EInvoiceReader.embeddedXml(document) : document);
        Optional<Row> same = db.inTenant(scope.tenantId(), c -> one(c, scope, "sha256 = ?", sha256));
        if (same.isPresent()) {
            // read again (the bytes are the stored ones) so that the caller can make sure its workflow started
            return new Intake(false, same.get(), read(document, format));
        }
        SupplierInvoice invoice = read(document, format);
        String syntax = switch (format) {
            case JSON -> EInvoiceReader.Syntax.JSON.name();
            case CSV -> EInvoiceReader.Syntax.CSV.name();
            case XML, PDF -> EInvoiceReader.syntax(document).name();
        };
        String sellerKey = invoice.seller().vatId() != null ? invoice.seller().vatId() : invoice.seller().name();
        JsonNode canonical = json.valueToTree(invoice);
        UUID id = ids.next();
        Instant now = clock.instant();
        return db.inTenant(scope.tenantId(), c -> {
            int inserted;
            try (PreparedStatement ps = TenantSql.prepare(c, scope, "insert into supplier_invoice (tenant_id, " + COLUMNS
                    + ") values (?, ?, 'RECEIVED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) on conflict do nothing")) {
                ps.setObject(2, id);
                ps.setString(3, syntax);
                ps.setString(4, sha256);
                ps.setString(5, sellerKey);
                ps.setString(6, invoice.seller().name());
                ps.setString(7, invoice.number());
                ps.setString(8, invoice.kind().name());
                ps.setString(9, invoice.currency().getCurrencyCode());
                ps.setBigDecimal(10, invoice.totals().payable().amount());
                ps.setObject(11, invoice.issueDate());
                ps.setTimestamp(12, Timestamp.from(now));
                ps.setString(13, write(canonical));
                inserted = ps.executeUpdate();
            }
            if (inserted == 0) {
                Optional<Row> byContent = one(c, scope, "sha256 = ?", sha256);
                if (byContent.isPresent()) {
                    return new Intake(false, byContent.get(), invoice);
                }
                Row earlier = one(c, scope, "seller_key = ? and number = ?", sellerKey, invoice.number()).orElseThrow();
                throw new ApiProblem(org.springframework.http.HttpStatus.CONFLICT, "supplier-invoice-number-taken",
                        "Conflict", "seller " + sellerKey + " already sent invoice " + invoice.number()
                        + " with different content (supplier invoice " + earlier.id() + "); a corrected invoice needs "
                        + "a credit note and a new number", Map.of("existingId", earlier.id()));
            }
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("id", id);
            after.put("number", invoice.number());
            after.put("seller", sellerKey);
            after.put("payable", invoice.totals().payable().amount().toPlainString());
            after.put("currency", invoice.currency().getCurrencyCode());
            after.put("sha256", sha256);
            audit.append(c, scope, "supplier-invoice.received", null, after, correlationId);
            return new Intake(true, one(c, scope, "id = ?", id).orElseThrow(), invoice);
        });
    }

    public Optional<Row> find(TenantScope scope, UUID id) {
        return db.inTenant(scope.tenantId(), c -> one(c, scope, "id = ?", id));
    }

    /** Newest first; {@code before} is the last id of the previous page. */
    public List<Row> list(TenantScope scope, String state, String supplier, UUID before, int limit) {
        StringBuilder where = new StringBuilder();
        List<Object> args = new ArrayList<>();
        if (state != null) {
            where.append(" and state = ?");
            args.add(state);
        }
        if (supplier != null) {
            where.append(" and (seller_key = ? or seller_name = ?)");
            args.add(supplier);
            args.add(supplier);
        }
        if (before != null) {
            where.append(" and id < ?");
            args.add(before);
        }
        return db.inTenant(scope.tenantId(), c -> {
            try (PreparedStatement ps = TenantSql.prepare(c, scope, "select " + READ
                    + " from supplier_invoice where tenant_id = ?" + where + " order by id desc limit ?")) {
                int i = 2;
                for (Object a : args) {
                    ps.setObject(i++, a);
                }
                ps.setInt(i, limit);
                List<Row> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
                return rows;
            }
        });
    }

    /** An invoice or credit note a payment run may take: its seller, number and planned amount. */
    public record Due(UUID id, boolean creditNote, String sellerKey, String number, BigDecimal amount) {}

    /**
     * What a payment run takes: what it took already (a run opened again after a crash), the invoices
     * planned for payment on or before {@code day} in {@code currency}, and the credit notes in that
     * currency waiting to be netted; oldest plan first.
     */
    public List<Due> dueForPayment(TenantScope scope, UUID runId, LocalDate day, String currency, int limit) {
        return db.inTenant(scope.tenantId(), c -> {
            try (PreparedStatement ps = TenantSql.prepare(c, scope, "select id, kind, seller_key, number, "
                    + "coalesce(pay_amount, payable) from supplier_invoice where tenant_id = ? and (run_id = ? or "
                    + "(state = 'SCHEDULED' and currency = ? and (kind = 'CREDIT_NOTE' or pay_on <= ?))) "
                    + "order by pay_on, id limit ?")) {
                ps.setObject(2, runId);
                ps.setString(3, currency);
                ps.setObject(4, day);
                ps.setInt(5, limit);
                List<Due> due = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(new Due(rs.getObject(1, UUID.class), "CREDIT_NOTE".equals(rs.getString(2)), rs.getString(3),
                                rs.getString(4), rs.getBigDecimal(5)));
                    }
                }
                return due;
            }
        });
    }

    private Optional<Row> one(Connection c, TenantScope scope, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = TenantSql.prepare(c, scope, "select " + READ
                + " from supplier_invoice where tenant_id = ? and " + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 2, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private Row row(ResultSet rs) throws SQLException {
        try {
            return new Row(rs.getObject("id", UUID.class), rs.getString("state"), rs.getString("syntax"),
                    rs.getString("sha256"), rs.getString("seller_key"), rs.getString("seller_name"),
                    rs.getString("number"), rs.getString("kind"), rs.getString("currency").trim(),
                    rs.getBigDecimal("payable"), rs.getObject("issue_date", LocalDate.class),
                    rs.getTimestamp("received_at").toInstant(), json.readTree(rs.getString("invoice")),
                    rs.getString("hold_code"), rs.getString("erp_ref"), rs.getObject("pay_on", LocalDate.class),
                    rs.getBigDecimal("pay_amount"), (Boolean) rs.getObject("discount_taken"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
