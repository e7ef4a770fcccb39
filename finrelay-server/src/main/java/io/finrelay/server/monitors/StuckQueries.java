package io.finrelay.server.monitors;

import io.finrelay.model.bank.IbanMasker;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.workflows.expense.ExpenseReimbursement;
import io.finrelay.workflows.invoice.InvoiceToPay;
import io.finrelay.workflows.invoice.PaymentRun;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each monitor finds in one tenant's tables, read in the caller's transaction. A workflow monitor
 * watches a set of states of one workflow: an instance breaches when it has been in the set longer than
 * the threshold, counted from its last transition INTO the set from outside it (the audit trail's
 * transition rows, so a state's own loops, such as a payment acknowledged with ACCP, do not restart the
 * count). A watched state may be terminal (a payment run ends in Sent, waiting for nothing but the bank's
 * pain.002), so ended instances are read too. The account monitors read the house bank accounts, their statements' balances by day and their
 * cash positions.
 */
final class StuckQueries {
    /** How far back a missing statement is looked for: older gaps are the operator's once their breach clears. */
    static final int STATEMENT_LOOKBACK_DAYS = 31;

    /** One finding: the subject (an instance id, an account), since when, a sentence and the facts. */
    record Finding(MonitorKind kind, String subject, Instant since, String summary, Map<String, String> context) {}

    /** A watched set of states of one workflow, with an optional further condition and start of the count. */
    record Watch(MonitorKind kind, String workflowType, List<String> states, String condition, String since,
                 String what) {}

    static final String ENTERED = "e.occurred_at";

    /** The workflow monitors: which states of which workflow each one watches (the README's table). */
    static final List<Watch> WATCHES = List.of(
            new Watch(MonitorKind.APPROVED_NOT_SCHEDULED, ExpenseReimbursement.TYPE, List.of("Posting", "Scheduling"), "",
                    ENTERED, "approved, not yet scheduled for payment (posting in the ERP or waiting for the treasury's obligation)"),
            new Watch(MonitorKind.APPROVED_NOT_SCHEDULED, InvoiceToPay.TYPE, List.of("Posting"), "",
                    ENTERED, "approved, not yet posted and planned for payment"),
            new Watch(MonitorKind.SCHEDULED_NOT_SENT, ExpenseReimbursement.TYPE, List.of("AwaitingRelease"), "",
                    ENTERED, "scheduled, waiting for the treasurer's release"),
            // An invoice planned for a later day is not late: the count starts on its pay-on day.
            new Watch(MonitorKind.SCHEDULED_NOT_SENT, InvoiceToPay.TYPE, List.of("Scheduled"), "",
                    "greatest(e.occurred_at, (" + invoiceColumn("pay_on") + ")::timestamp at time zone 'UTC')",
                    "due for payment and in no payment run"),
            new Watch(MonitorKind.SCHEDULED_NOT_SENT, PaymentRun.TYPE, List.of("Sending"), "",
                    ENTERED, "released, its pain.001 not yet delivered to the bank channel"),
            new Watch(MonitorKind.SENT_NOT_ACKNOWLEDGED, ExpenseReimbursement.TYPE, List.of("Paying"),
                    " and not exists (select 1 from audit_event s where s.tenant_id = i.tenant_id and s.instance_id = i.id"
                            + " and s.kind = 'transition' and s.id > e.id and s.detail->>'event' = 'PaymentStatusReported')",
                    ENTERED, "sent for payment, no status from the bank yet"),
            new Watch(MonitorKind.SENT_NOT_ACKNOWLEDGED, PaymentRun.TYPE, List.of("Sent"),
                    " and not exists (select 1 from bank_payment_status p join payment_run r on r.tenant_id = p.tenant_id"
                            + " and r.message_id = p.original_message_id where p.tenant_id = i.tenant_id"
                            + " and r.run_id = i.business_key)",
                    ENTERED, "pain.001 sent, no pain.002 from the bank yet"));

    private StuckQueries() {}

    /**
     * A column of the invoice read model ({@code supplier_invoice}, written by the invoice workflow's transitions)
     * for the instance {@code i}; null for an instance of another workflow, whose business key is no invoice id.
     */
    private static String invoiceColumn(String column) {
        return "(select s." + column + " from supplier_invoice s where s.tenant_id = i.tenant_id and s.id = "
                + "case when i.workflow_type = '" + InvoiceToPay.TYPE + "' then i.business_key::uuid end)";
    }

    /** The instances of one watch that have been in its states for {@code threshold} or longer at {@code now}. */
    static List<Finding> stuck(Connection c, TenantScope scope, Watch w, Duration threshold, Instant now)
            throws SQLException {
        String sql = "select i.id, i.business_key, i.state_name, " + w.since() + " as since from ("
                + "select * from workflow_instance where tenant_id = ? and workflow_type = ? and state_name = any(?)) i "
                + "cross join lateral (select a.id, a.occurred_at from audit_event a "
                + "where a.tenant_id = i.tenant_id and a.instance_id = i.id and a.kind = 'transition' "
                + "and a.detail->>'to' = any(?) and not coalesce(a.detail->>'from', '') = any(?) "
                + "order by a.id desc limit 1) e where " + w.since() + " <= ?" + w.condition();
        List<Finding> out = new ArrayList<>();
        try (PreparedStatement select = TenantSql.prepare(c, scope, sql)) {
            java.sql.Array states = c.createArrayOf("text", w.states().toArray());
            select.setString(2, w.workflowType());
            select.setArray(3, states);
            select.setArray(4, states);
            select.setArray(5, states);
            select.setTimestamp(6, Timestamp.from(now.minus(threshold)));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Instant since = rs.getTimestamp("since").toInstant();
                    Map<String, String> context = new LinkedHashMap<>();
                    context.put("workflowType", w.workflowType());
                    context.put("instanceId", rs.getString("id"));
                    context.put("businessKey", rs.getString("business_key"));
                    context.put("state", rs.getString("state_name"));
                    out.add(new Finding(w.kind(), rs.getString("id"), since, w.workflowType() + " "
                            + rs.getString("business_key") + " is " + w.what() + " (" + rs.getString("state_name")
                            + ") since " + since + ", longer than the tenant's " + threshold, context));
                }
            }
        }
        return out;
    }

    /**
     * Payments the bank settled whose open item (Finrelay's own, made when the payment went out) is not
     * matched to a statement line: invoices Paid with their payment's item, expense reports past the
     * bank's settlement with their latest item; counted from when the workflow learnt of the settlement.
     */
    static List<Finding> paidNotReconciled(Connection c, TenantScope scope, Duration threshold, Instant now)
            throws SQLException {
        String sql = "select i.id, i.workflow_type, i.business_key, i.state_name, e.occurred_at as since, o.id as item, "
                + "o.status as item_status from (select * from workflow_instance where tenant_id = ? and ("
                + "(workflow_type = ? and state_name = 'Paid') or (workflow_type = ? and state_name in "
                + "('ClearingPayable', 'ReportingStatus', 'Reimbursed')))) i "
                + "cross join lateral (select a.id, a.occurred_at from audit_event a where a.tenant_id = i.tenant_id "
                + "and a.instance_id = i.id and a.kind = 'transition' and a.detail->>'to' in ('Paid', 'ClearingPayable') "
                + "and a.detail->>'from' not in ('Paid', 'ClearingPayable') order by a.id desc limit 1) e "
                + "cross join lateral (select o.id, o.status from recon_open_item o where o.tenant_id = i.tenant_id "
                + "and o.source = 'FINRELAY' and o.workflow_key = i.business_key and (i.workflow_type <> ? "
                + "or o.end_to_end_id = " + invoiceColumn("end_to_end_id") + ") order by o.created_at desc limit 1) o "
                + "where o.status in ('OPEN', 'PARTIAL') and e.occurred_at <= ?";
        List<Finding> out = new ArrayList<>();
        try (PreparedStatement select = TenantSql.prepare(c, scope, sql)) {
            select.setString(2, InvoiceToPay.TYPE);
            select.setString(3, ExpenseReimbursement.TYPE);
            select.setString(4, InvoiceToPay.TYPE);
            select.setTimestamp(5, Timestamp.from(now.minus(threshold)));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Instant since = rs.getTimestamp("since").toInstant();
                    Map<String, String> context = new LinkedHashMap<>();
                    context.put("workflowType", rs.getString("workflow_type"));
                    context.put("instanceId", rs.getString("id"));
                    context.put("businessKey", rs.getString("business_key"));
                    context.put("state", rs.getString("state_name"));
                    context.put("openItem", rs.getString("item"));
                    context.put("openItemStatus", rs.getString("item_status"));
                    out.add(new Finding(MonitorKind.PAID_NOT_RECONCILED, rs.getString("id"), since,
                            rs.getString("workflow_type") + " " + rs.getString("business_key") + " was settled by the bank at "
                                    + since + " and its open item " + rs.getString("item") + " is still "
                                    + rs.getString("item_status") + " (no statement line matched), longer than the tenant's "
                                    + threshold, context));
                }
            }
        }
        return out;
    }

    /**
     * House bank accounts without their statement of a business day (Monday to Friday, UTC; no holiday
     * calendar yet): a day is due {@code dueAfter} after its end, from the day the account was registered,
     * looking back {@link #STATEMENT_LOOKBACK_DAYS} days. A statement of the day is a balance of the account
     * dated that day (any of its currencies). One finding per account and day.
     */
    static List<Finding> missingStatements(Connection c, TenantScope scope, Duration dueAfter, Instant now)
            throws SQLException {
        Map<String, LocalDate> accounts = new LinkedHashMap<>();
        try (PreparedStatement select = TenantSql.prepare(c, scope,
                "select iban, created_at from house_bank_account where tenant_id = ? order by iban");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                accounts.put(rs.getString(1), rs.getTimestamp(2).toInstant().atOffset(ZoneOffset.UTC).toLocalDate());
            }
        }
        List<Finding> out = new ArrayList<>();
        LocalDate earliest = now.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(STATEMENT_LOOKBACK_DAYS);
        for (Map.Entry<String, LocalDate> account : accounts.entrySet()) {
            List<LocalDate> due = dueDays(account.getValue().isAfter(earliest) ? account.getValue() : earliest, dueAfter, now);
            if (due.isEmpty()) {
                continue;
            }
            Set<LocalDate> reported = new TreeSet<>();
            try (PreparedStatement select = TenantSql.prepare(c, scope, "select distinct balance_date from cash_balance "
                    + "where tenant_id = ? and account = ? and balance_date >= ?")) {
                select.setString(2, account.getKey());
                select.setDate(3, Date.valueOf(due.getFirst()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        reported.add(rs.getDate(1).toLocalDate());
                    }
                }
            }
            for (LocalDate day : due) {
                if (reported.contains(day)) {
                    continue;
                }
                Instant since = dueAt(day, dueAfter);
                String masked = IbanMasker.mask(account.getKey());
                Map<String, String> context = new LinkedHashMap<>();
                context.put("account", masked);
                context.put("businessDay", day.toString());
                context.put("dueAt", since.toString());
                out.add(new Finding(MonitorKind.STATEMENT_MISSING, accountKey(account.getKey()) + ":" + day, since,
                        "no statement of house bank account " + masked + " for business day " + day + ", due by " + since,
                        context));
            }
        }
        return out;
    }

    /** The business days from {@code from} whose statement is due by {@code now}. */
    static List<LocalDate> dueDays(LocalDate from, Duration dueAfter, Instant now) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = from; !dueAt(d, dueAfter).isAfter(now); d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days.add(d);
            }
        }
        return days;
    }

    static Instant dueAt(LocalDate day, Duration dueAfter) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(dueAfter);
    }

    /** House bank accounts whose cash position (per currency) is older than {@code maxAge}; since = when it became too old. */
    static List<Finding> stalePositions(Connection c, TenantScope scope, Duration maxAge, Instant now) throws SQLException {
        String sql = "select p.account, p.currency, p.as_of, p.balance_date, p.statement_id from cash_position p "
                + "where p.tenant_id = ? and p.as_of <= ? and exists (select 1 from house_bank_account h "
                + "where h.tenant_id = p.tenant_id and h.iban = p.account) order by p.account, p.currency";
        List<Finding> out = new ArrayList<>();
        try (PreparedStatement select = TenantSql.prepare(c, scope, sql)) {
            select.setTimestamp(2, Timestamp.from(now.minus(maxAge)));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Instant asOf = rs.getTimestamp("as_of").toInstant();
                    String masked = IbanMasker.mask(rs.getString("account"));
                    Map<String, String> context = new LinkedHashMap<>();
                    context.put("account", masked);
                    context.put("currency", rs.getString("currency"));
                    context.put("asOf", asOf.toString());
                    context.put("balanceDate", rs.getDate("balance_date").toLocalDate().toString());
                    context.put("statementId", rs.getString("statement_id"));
                    out.add(new Finding(MonitorKind.CASH_POSITION_STALE, accountKey(rs.getString("account")) + ":"
                            + rs.getString("currency"), asOf.plus(maxAge), "the " + rs.getString("currency")
                            + " cash position of house bank account " + masked + " is as of " + asOf
                            + ", older than the tenant's " + maxAge, context));
                }
            }
        }
        return out;
    }

    /**
     * An account as a breach's subject: the start of the SHA-256 of its IBAN, so that the IBAN is not
     * in clear in the instance's key (the exception's context has it masked).
     */
    static String accountKey(String iban) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(iban.getBytes(StandardCharsets.UTF_8));
            return "acct-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
