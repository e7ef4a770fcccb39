package io.finrelay.server.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.model.Money;
import io.finrelay.reconciliation.OpenItem;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The SQL of open items (table recon_open_item). Every statement is tenant-scoped through {@link TenantSql}. */
final class OpenItemStore {
    private static final String COLUMNS = "id, source, direction, legal_entity, counterparty_name, counterparty_iban, "
            + "invoice_number, creditor_reference, end_to_end_id, payment_run_id, amount, open_amount, currency, "
            + "due_date, status, erp_ref, workflow_key, obligation_id, paid_by, content";

    /** An item as stored. */
    record Row(String id, String source, String direction, String legalEntity, String counterpartyName,
               String counterpartyIban, String invoiceNumber, String creditorReference, String endToEndId,
               String paymentRunId, BigDecimal amount, BigDecimal openAmount, String currency, LocalDate dueDate,
               String status, String erpRef, String workflowKey, String obligationId, List<String> paidBy,
               JsonNode content) {

        /** The item as the matcher sees it: what is still open. */
        OpenItem forMatcher() {
            return new OpenItem(id, OpenItem.Side.valueOf(direction), legalEntity, counterpartyName, counterpartyIban,
                    invoiceNumber, creditorReference, endToEndId, paymentRunId,
                    Money.of(openAmount, java.util.Currency.getInstance(currency)), dueDate);
        }
    }

    /** A new item to insert (a repeat of the same id changes nothing). */
    record NewItem(String id, String source, String direction, String legalEntity, String counterpartyName,
                   String counterpartyIban, String invoiceNumber, String creditorReference, String endToEndId,
                   String paymentRunId, Money amount, LocalDate dueDate, String status, String erpRef, String workflowKey,
                   String obligationId, List<String> paidBy, JsonNode content) {}

    private final ObjectMapper json;

    OpenItemStore(ObjectMapper json) {
        this.json = json;
    }

    /** Inserts the item unless its id exists; true when inserted. */
    boolean insert(Connection c, TenantScope scope, NewItem item, String createdBy, Instant now) throws SQLException {
        try (PreparedStatement insert = TenantSql.prepare(c, scope, "insert into recon_open_item (tenant_id, id, source, "
                + "direction, legal_entity, counterparty_name, counterparty_iban, invoice_number, creditor_reference, "
                + "end_to_end_id, amount, open_amount, currency, due_date, status, erp_ref, workflow_key, obligation_id, "
                + "paid_by, content, created_by, created_at, payment_run_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?) on conflict (tenant_id, id) do nothing")) {
            insert.setString(2, item.id());
            insert.setString(3, item.source());
            insert.setString(4, item.direction());
            insert.setString(5, item.legalEntity());
            insert.setString(6, item.counterpartyName());
            insert.setString(7, item.counterpartyIban());
            insert.setString(8, item.invoiceNumber());
            insert.setString(9, item.creditorReference());
            insert.setString(10, item.endToEndId());
            insert.setBigDecimal(11, item.amount().amount());
            insert.setBigDecimal(12, item.amount().amount());
            insert.setString(13, item.amount().currencyCode());
            insert.setObject(14, item.dueDate() == null ? null : Date.valueOf(item.dueDate()));
            insert.setString(15, item.status());
            insert.setString(16, item.erpRef());
            insert.setString(17, item.workflowKey());
            insert.setString(18, item.obligationId());
            insert.setString(19, write(item.paidBy()));
            insert.setString(20, write(item.content()));
            insert.setString(21, createdBy);
            insert.setTimestamp(22, Timestamp.from(now));
            insert.setString(23, item.paymentRunId());
            return insert.executeUpdate() == 1;
        }
    }

    /**
     * The ERP references ({@code direction + ":" + erp_ref}) of the items Finrelay made itself (an order's
     * receivable, say): a pull from the ERP must not make a second item of the same ERP line.
     */
    java.util.Set<String> ownErpRefs(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select direction, erp_ref from recon_open_item "
                + "where tenant_id = ? and erp_ref is not null and source <> 'ERP'")) {
            java.util.Set<String> refs = new java.util.HashSet<>();
            try (java.sql.ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    refs.add(r.getString(1) + ":" + r.getString(2));
                }
            }
            return refs;
        }
    }

    Optional<Row> find(Connection c, TenantScope scope, String id, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + COLUMNS
                + " from recon_open_item where tenant_id = ? and id = ?" + (forUpdate ? " for update" : ""))) {
            select.setString(2, id);
            List<Row> rows = read(select);
            return rows.stream().findFirst();
        }
    }

    /** A page in id order after {@code cursor}, optionally of one status. */
    List<Row> page(Connection c, TenantScope scope, String status, String cursor, int limit) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + COLUMNS + " from recon_open_item "
                + "where tenant_id = ? and (?::text is null or status = ?) and (?::text is null or id > ?) "
                + "and status <> 'AWAITING_RELEASE' order by id limit ?")) {
            select.setString(2, status);
            select.setString(3, status);
            select.setString(4, cursor);
            select.setString(5, cursor);
            select.setInt(6, limit);
            return read(select);
        }
    }

    /** Items still to match: open or partly open, and not held by a suggestion waiting for a person. */
    List<Row> matchable(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + COLUMNS + " from recon_open_item i "
                + "where tenant_id = ? and status in ('OPEN', 'PARTIAL') and not exists (select 1 from recon_match m "
                + "where m.tenant_id = i.tenant_id and m.status = 'SUGGESTED' and m.open_items @> jsonb_build_array(i.id)) order by id")) {
            return read(select);
        }
    }

    /** Items whose end-to-end id is one of these, whatever their status (returns look up paid items). */
    List<Row> byEndToEnd(Connection c, TenantScope scope, Collection<String> endToEndIds) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + COLUMNS + " from recon_open_item "
                + "where tenant_id = ? and end_to_end_id = any (?)")) {
            select.setArray(2, c.createArrayOf("text", endToEndIds.toArray()));
            return read(select);
        }
    }

    /** Takes {@code matched} off the item's open amount: MATCHED when nothing is left, else PARTIAL. */
    void settle(Connection c, TenantScope scope, String id, BigDecimal matched) throws SQLException {
        try (PreparedStatement update = TenantSql.prepare(c, scope, "with target as (select tenant_id, id from "
                + "recon_open_item where tenant_id = ? and id = ?) update recon_open_item o set "
                + "open_amount = greatest(o.open_amount - ?, 0), "
                + "status = case when o.open_amount - ? <= 0 then 'MATCHED' else 'PARTIAL' end "
                + "from target t where o.tenant_id = t.tenant_id and o.id = t.id")) {
            update.setString(2, id);
            update.setBigDecimal(3, matched);
            update.setBigDecimal(4, matched);
            update.executeUpdate();
        }
    }

    /** Opens the item again in full (its match was returned by the bank). */
    void reopen(Connection c, TenantScope scope, String id) throws SQLException {
        try (PreparedStatement update = TenantSql.prepare(c, scope, "with target as (select tenant_id, id from "
                + "recon_open_item where tenant_id = ? and id = ?) update recon_open_item o set "
                + "open_amount = o.amount, status = 'OPEN' from target t where o.tenant_id = t.tenant_id and o.id = t.id")) {
            update.setString(2, id);
            update.executeUpdate();
        }
    }

    /**
     * A Finrelay payment the bank returned and its workflow took (it pays again, if at all, under a new item) is
     * RETURNED, whatever it was: never matched again, not forecast, not the original of another return.
     */
    void returned(Connection c, TenantScope scope, String id) throws SQLException {
        try (PreparedStatement update = TenantSql.prepare(c, scope, "update recon_open_item set status = 'RETURNED' "
                + "where tenant_id = ? and id = ?")) {
            update.setString(2, id);
            update.executeUpdate();
        }
    }

    /**
     * A released Finrelay payment becomes an open item to match; true when it was awaiting release. By the
     * item's key: looked up by its obligation instead, on a table whose statistics were taken while it was
     * nearly empty, PostgreSQL joined the tenant's items with themselves (40 ms per release after 300 reports,
     * growing with the square of the items).
     */
    boolean released(Connection c, TenantScope scope, String itemId, List<String> releasedBy) throws SQLException {
        try (PreparedStatement update = TenantSql.prepare(c, scope, "with target as (select tenant_id, id from "
                + "recon_open_item where tenant_id = ? and id = ? and status = 'AWAITING_RELEASE') "
                + "update recon_open_item o set status = 'OPEN', paid_by = ?::jsonb from target t "
                + "where o.tenant_id = t.tenant_id and o.id = t.id")) {
            update.setString(2, itemId);
            update.setString(3, write(releasedBy));
            return update.executeUpdate() > 0;
        }
    }

    /**
     * A Finrelay payment that will not be made (rejected by the bank, or its report withdrawn before the release)
     * is WITHDRAWN: never matched, not forecast. Only an item still awaiting release or open; true when it was.
     */
    boolean withdrawn(Connection c, TenantScope scope, String itemId) throws SQLException {
        try (PreparedStatement update = TenantSql.prepare(c, scope, "update recon_open_item set status = 'WITHDRAWN' "
                + "where tenant_id = ? and id = ? and status in ('AWAITING_RELEASE', 'OPEN')")) {
            update.setString(2, itemId);
            return update.executeUpdate() > 0;
        }
    }

    private List<Row> read(PreparedStatement select) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
                Date due = r.getDate("due_date");
                rows.add(new Row(r.getString("id"), r.getString("source"), r.getString("direction"),
                        r.getString("legal_entity"), r.getString("counterparty_name"), r.getString("counterparty_iban"),
                        r.getString("invoice_number"), r.getString("creditor_reference"), r.getString("end_to_end_id"),
                        r.getString("payment_run_id"), r.getBigDecimal("amount"), r.getBigDecimal("open_amount"),
                        r.getString("currency"), due == null ? null : due.toLocalDate(), r.getString("status"),
                        r.getString("erp_ref"), r.getString("workflow_key"), r.getString("obligation_id"),
                        readList(r.getString("paid_by")), readTree(r.getString("content"))));
            }
        }
        return rows;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> readList(String text) {
        List<String> out = new ArrayList<>();
        readTree(text).forEach(n -> out.add(n.asText()));
        return out;
    }
}
