package io.finrelay.server.invoice;

import io.finrelay.engine.db.DatabaseException;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.workflows.invoice.PaymentRunView;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/** The payment runs' read model ({@code payment_run}), written by the runs' transitions in their deciding transaction. */
final class PaymentRunViews implements PaymentRunView.Store {

    @Override
    public void write(Reading r, PaymentRunView view) {
        try (PreparedStatement upsert = TenantSql.prepare(r.connection(), r.tenant(), "insert into payment_run "
                + "(tenant_id, run_id, message_id, state_name, updated_at) values (?, ?, ?, ?, ?) "
                + "on conflict (tenant_id, run_id) do update set state_name = excluded.state_name, "
                + "updated_at = excluded.updated_at")) {
            upsert.setString(2, view.runId());
            upsert.setString(3, view.messageId());
            upsert.setString(4, view.state());
            upsert.setTimestamp(5, Timestamp.from(r.now()));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
