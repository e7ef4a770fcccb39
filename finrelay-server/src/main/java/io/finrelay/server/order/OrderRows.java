package io.finrelay.server.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.db.Database;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The orders' read model (o2c_order) as the API shows it, in the caller's tenant. */
public class OrderRows {
    private static final String COLUMNS = "order_id, origin, order_number, account_id, customer_ref, customer_name, "
            + "amount, currency, effective_date, submitted_by, state, credit::text, released_by, decided_by, sale_ref, "
            + "invoice_ref, invoice_number, invoice_date, due_date, paid, overpaid, paid_on, created_at, updated_at";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An order as listed. */
    public record Order(@Schema(example = "8015g00000000004") String orderId,
                        @Schema(allowableValues = {"order", "opportunity"}) String origin,
                        @Schema(example = "00000104") String orderNumber, String accountId,
                        @Schema(example = "CUST-2040") String customerRef,
                        @Schema(example = "Hanseatic Maschinenbau AG") String customerName,
                        @Schema(example = "18450.00") BigDecimal amount, @Schema(example = "EUR") String currency,
                        LocalDate effectiveDate, String submittedBy,
                        @Schema(example = "AwaitingPayment", allowableValues = {"CheckingCredit", "CreditHeld", "Booking",
                                "AwaitingPayment", "Paid", "Refused", "Cancelled"}) String state,
                        @Schema(description = "the credit check's figures: within, order, exposure, currency, creditLimit, "
                                + "threshold, reasons, summary") JsonNode credit,
                        String releasedBy, String decidedBy, String saleRef, String invoiceRef, String invoiceNumber,
                        LocalDate invoiceDate, LocalDate dueDate, BigDecimal paid, BigDecimal overpaid, LocalDate paidOn,
                        Instant createdAt, Instant updatedAt) {}

    private final Database db;

    public OrderRows(Database db) {
        this.db = db;
    }

    public Optional<Order> find(TenantScope scope, String orderId) {
        return db.inTenant(scope.tenantId(), c -> {
            try (PreparedStatement s = TenantSql.prepare(c, scope, "select " + COLUMNS + " from o2c_order where tenant_id = ? "
                    + "and order_id = ?")) {
                s.setString(2, orderId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Newest first; {@code state} and {@code customerRef} filter when given. */
    public List<Order> list(TenantScope scope, String state, String customerRef, int limit) {
        return db.inTenant(scope.tenantId(), c -> {
            try (PreparedStatement s = TenantSql.prepare(c, scope, "select " + COLUMNS + " from o2c_order where tenant_id = ? "
                    + "and (?::text is null or state = ?) and (?::text is null or customer_ref = ?) "
                    + "order by created_at desc, order_id limit ?")) {
                s.setString(2, state);
                s.setString(3, state);
                s.setString(4, customerRef);
                s.setString(5, customerRef);
                s.setInt(6, limit);
                List<Order> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
                return out;
            }
        });
    }

    private static Order row(ResultSet rs) throws SQLException {
        JsonNode credit;
        try {
            credit = rs.getString(12) == null ? null : JSON.readTree(rs.getString(12));
        } catch (IOException e) {
            credit = null;
        }
        return new Order(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getBigDecimal(7), rs.getString(8), rs.getObject(9, LocalDate.class), rs.getString(10),
                rs.getString(11), credit, rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
                rs.getString(17), rs.getObject(18, LocalDate.class), rs.getObject(19, LocalDate.class), rs.getBigDecimal(20),
                rs.getBigDecimal(21), rs.getObject(22, LocalDate.class), rs.getTimestamp(23).toInstant(),
                rs.getTimestamp(24).toInstant());
    }
}
