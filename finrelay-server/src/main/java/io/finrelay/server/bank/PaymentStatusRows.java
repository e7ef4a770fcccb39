package io.finrelay.server.bank;

import io.finrelay.engine.db.Sql;
import io.finrelay.model.bank.PaymentStatus;
import io.finrelay.model.bank.PaymentStatusReport;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** The SQL of {@code bank_payment_status}: the statuses of imported pain.002 files and their hand-off. */
final class PaymentStatusRows {
    private PaymentStatusRows() {}

    /** One status of a pain.002 as recorded; {@code target} null when it goes to no workflow. */
    record Row(int tx, String originalMessageId, String paymentInformationId, String endToEndId, String instructionId,
               String statusCode, PaymentStatus status, List<PaymentStatusReport.Reason> reasons,
               PaymentStatusHandOff.Target target) {
        Row {
            reasons = List.copyOf(reasons);
        }

        String reasonCode() {
            return reasons.isEmpty() ? null : reasons.getFirst().code();
        }

        String reasonText() {
            List<String> texts = reasons.stream().flatMap(r -> r.additionalInfo().stream()).filter(Objects::nonNull).toList();
            return texts.isEmpty() ? null : String.join(" ", texts);
        }

        Row withTarget(PaymentStatusHandOff.Target to) {
            return new Row(tx, originalMessageId, paymentInformationId, endToEndId, instructionId, statusCode, status,
                    reasons, to);
        }
    }

    /** A recorded status still to be handed to its workflow. */
    record Pending(UUID fileId, int tx, PaymentStatusHandOff.Target target, PaymentStatus status, String reasonCode,
                   Instant receivedAt) {}

    static void insert(Connection c, TenantScope scope, UUID fileId, Row row) throws SQLException {
        try (PreparedStatement insert = TenantSql.prepare(c, scope, "insert into bank_payment_status (tenant_id, file_id, "
                + "tx, original_message_id, original_payment_info_id, original_end_to_end_id, original_instruction_id, "
                + "status_code, status, reason_code, reason_text, workflow_type, business_key, payment_id) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(2, fileId);
            insert.setInt(3, row.tx());
            insert.setString(4, row.originalMessageId());
            insert.setString(5, row.paymentInformationId());
            insert.setString(6, row.endToEndId());
            insert.setString(7, row.instructionId());
            insert.setString(8, row.statusCode());
            insert.setString(9, row.status().name());
            insert.setString(10, row.reasonCode());
            insert.setString(11, row.reasonText());
            insert.setString(12, row.target() == null ? null : row.target().workflowType());
            insert.setString(13, row.target() == null ? null : row.target().businessKey());
            insert.setString(14, row.target() == null ? null : row.target().paymentId());
            insert.executeUpdate();
        }
    }

    /** The tenant's statuses not yet handed to their workflows, oldest file first. */
    static List<Pending> undelivered(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select s.file_id, s.tx, s.workflow_type, "
                + "s.business_key, s.payment_id, s.status, s.reason_code, f.received_at from bank_payment_status s "
                + "join bank_file f on f.tenant_id = s.tenant_id and f.id = s.file_id "
                + "where s.tenant_id = ? and s.delivered_at is null and s.workflow_type is not null "
                + "order by s.file_id, s.tx")) {
            List<Pending> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Pending(rs.getObject(1, UUID.class), rs.getInt(2),
                            new PaymentStatusHandOff.Target(rs.getString(3), rs.getString(4), rs.getString(5)),
                            PaymentStatus.valueOf(rs.getString(6)), rs.getString(7), Sql.instant(rs.getTimestamp(8))));
                }
            }
            return rows;
        }
    }

    static void delivered(Connection c, TenantScope scope, UUID fileId, int tx, Instant at, String outcome)
            throws SQLException {
        try (PreparedStatement update = TenantSql.prepare(c, scope, "with target as (select tenant_id, file_id, tx "
                + "from bank_payment_status where tenant_id = ? and file_id = ? and tx = ?) "
                + "update bank_payment_status s set delivered_at = ?, outcome = ? from target "
                + "where s.tenant_id = target.tenant_id and s.file_id = target.file_id and s.tx = target.tx")) {
            update.setObject(2, fileId);
            update.setInt(3, tx);
            update.setTimestamp(4, Sql.ts(at));
            update.setString(5, outcome);
            update.executeUpdate();
        }
    }
}
