package io.finrelay.server.invoice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.model.Money;
import io.finrelay.server.masterdata.BankDetails;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.workflows.invoice.InvoiceFacts;
import io.finrelay.workflows.invoice.InvoiceReference;
import io.finrelay.workflows.invoice.InvoiceReferencePort;
import io.finrelay.workflows.invoice.InvoiceState;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The invoice workflow's tables, read and written in the transaction that decides: vendors from
 * master_data (their IBANs opened from the seal), ap_policy, earlier rows of supplier_invoice,
 * cash_position of the legal entity's house accounts, and the workflow's columns of supplier_invoice.
 * The engine's connection is not confined to a tenant: every statement binds the reading's tenant first.
 */
final class InvoiceTables implements InvoiceReferencePort.Source {
    private final BankDetails bankDetails;

    InvoiceTables(BankDetails bankDetails) {
        this.bankDetails = bankDetails;
    }

    @Override
    public InvoiceReferencePort in(Reading reading) {
        return new Tables(reading);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper LINES = new com.fasterxml.jackson.databind.ObjectMapper();

    private final class Tables implements InvoiceReferencePort {
        private final Reading r;

        Tables(Reading r) {
            this.r = r;
        }

        private <T> T query(String sql, TenantSql.Work<T> work) {
            return TenantSql.inReading(r, sql, work);
        }

        @Override
        public InvoiceReference.Lookup lookup(InvoiceFacts f) {
            return new InvoiceReference.Lookup(suppliers(f.seller()), policy(), similar(f), approvalRules());
        }

        /** The tenant's approval rules in their order; none set: none. */
        private List<io.finrelay.workflows.invoice.ApprovalRouting.Rule> approvalRules() {
            return query("select rules::text from ap_approval_rules where tenant_id = ?", s -> {
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? ApprovalRules.parse(rs.getString(1)) : List.of();
                }
            });
        }

        @Override
        public List<io.finrelay.workflows.invoice.ApprovalRouting.Delegation> delegationsTo(String delegate,
                                                                                           java.time.LocalDate day) {
            // The delegator's duty roles travel with the delegation: the route admits the approval by them.
            return query("select d.approver, d.valid_from, d.valid_to, coalesce(array_agg(r.role order by r.role) "
                    + "filter (where r.role is not null), '{}') from ap_approval_delegation d left join expense_role r "
                    + "on r.tenant_id = d.tenant_id and r.person = d.approver where d.tenant_id = ? and d.delegate = ? "
                    + "and d.withdrawn_at is null and d.valid_from <= ? and d.valid_to >= ? "
                    + "group by d.id, d.approver, d.valid_from, d.valid_to, d.created_at order by d.created_at, d.id", s -> {
                s.setString(2, delegate);
                s.setDate(3, Date.valueOf(day));
                s.setDate(4, Date.valueOf(day));
                List<io.finrelay.workflows.invoice.ApprovalRouting.Delegation> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new io.finrelay.workflows.invoice.ApprovalRouting.Delegation(rs.getString(1),
                                List.of((String[]) rs.getArray(4).getArray()), delegate, rs.getDate(2).toLocalDate(),
                                rs.getDate(3).toLocalDate()));
                    }
                }
                return out;
            });
        }

        /** Vendors with the invoice's VAT id or name (compared without case, spacing or punctuation in the VAT id). */
        private List<InvoiceReference.Supplier> suppliers(InvoiceFacts.Seller seller) {
            String vat = seller.vatId() == null ? "" : seller.vatId().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
            String name = seller.name().trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            return query("select key, body::text from master_data where tenant_id = ? and kind = 'vendor' and ("
                    + "(? <> '' and upper(regexp_replace(coalesce(body->>'vatId', ''), '[^A-Za-z0-9]', '', 'g')) = ?) "
                    + "or lower(regexp_replace(trim(body->>'name'), '\\s+', ' ', 'g')) = ?) order by key", s -> {
                s.setString(2, vat);
                s.setString(3, vat);
                s.setString(4, name);
                List<InvoiceReference.Supplier> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        JsonNode v = bankDetails.opened(r.tenant(), "vendor", rs.getString(1), read(rs.getString(2)));
                        out.add(new InvoiceReference.Supplier(v.path("id").asText(), v.path("erpRef").asText(null),
                                v.path("name").asText(), v.path("vatId").asText(null),
                                v.path("bankAccount").path("iban").asText(null), v.path("legalEntityId").asText(),
                                v.path("active").asBoolean(), v.path("costCenter").asText(null)));
                    }
                }
                return out;
            });
        }

        private InvoiceReference.Policy policy() {
            return query("select legal_entity_id, expense_account, tax_account, cost_of_capital_percent, liquidity_buffer, "
                    + "default_term_days, match_purchase_orders, price_tolerance_percent, quantity_tolerance_percent from ap_policy "
                    + "where tenant_id = ?", s -> {
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? new InvoiceReference.Policy(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getInt(6), rs.getBoolean(7), rs.getBigDecimal(8),
                            rs.getBigDecimal(9)) : null;
                }
            });
        }

        /** Earlier invoices of the seller with the same amount and issue date (the intake keeps one row per seller and number). */
        private List<InvoiceReference.Earlier> similar(InvoiceFacts f) {
            String sellerKey = f.seller().vatId() != null ? f.seller().vatId() : f.seller().name();
            return query("select id, number, issue_date, payable, currency from supplier_invoice where tenant_id = ? "
                    + "and seller_key = ? and payable = ? and issue_date = ? and id <> ?::uuid and state <> 'INVALID' "
                    + "order by id", s -> {
                s.setString(2, sellerKey);
                s.setBigDecimal(3, f.payable().amount());
                s.setDate(4, Date.valueOf(f.issueDate()));
                s.setString(5, f.invoiceId());
                List<InvoiceReference.Earlier> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new InvoiceReference.Earlier(rs.getString(1), rs.getString(2),
                                rs.getDate(3).toLocalDate(), Money.of(rs.getBigDecimal(4), f.payable().currency())));
                    }
                }
                return out;
            });
        }

        /**
         * The lines of the tenant's other invoices (not credit notes) naming the same purchase order that are past
         * its match: awaiting approval or further on, and not refused or cancelled.
         */
        @Override
        public List<InvoiceReference.Billed> billedAgainst(InvoiceFacts f) {
            if (f.purchaseOrder() == null) {
                return List.of();
            }
            return query("select id, number, invoice -> 'lines' from supplier_invoice where tenant_id = ? "
                    + "and invoice ->> 'purchaseOrderReference' = ? and kind = 'INVOICE' and id <> ?::uuid and state in "
                    + "('AWAITING_APPROVAL', 'POSTING', 'SCHEDULED', 'PAYING', 'PAYMENT_REJECTED', 'PAID') order by id", s -> {
                s.setString(2, f.purchaseOrder());
                s.setString(3, f.invoiceId());
                List<InvoiceReference.Billed> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String lines = rs.getString(3);
                        for (JsonNode line : lines == null ? LINES.createArrayNode() : LINES.readTree(lines)) {
                            String quantity = line.path("quantity").asText("");
                            out.add(new InvoiceReference.Billed(rs.getString(1), rs.getString(2), InvoiceWorkflow.description(
                                    line.path("itemName").asText(null), line.path("id").asText("")),
                                    quantity.isEmpty() ? BigDecimal.ONE : new BigDecimal(quantity)));
                        }
                    }
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("supplier invoice lines are not JSON", e);
                }
                return out;
            });
        }

        @Override
        public Optional<InvoiceReference.Cash> cash(String legalEntityId, String currency) {
            return query("select sum(p.balance), min(p.balance_date) from cash_position p join house_bank_account h "
                    + "on h.tenant_id = p.tenant_id and h.iban = p.account where p.tenant_id = ? and h.legal_entity = ? "
                    + "and p.currency = ?", s -> {
                s.setString(2, legalEntityId);
                s.setString(3, currency);
                try (ResultSet rs = s.executeQuery()) {
                    BigDecimal sum = rs.next() ? rs.getBigDecimal(1) : null;
                    return sum == null ? Optional.empty() : Optional.of(new InvoiceReference.Cash(
                            Money.rounded(sum, java.util.Currency.getInstance(currency)), rs.getDate(2).toLocalDate()));
                }
            });
        }

        @Override
        public void show(String invoiceId, InvoiceState state) {
            String hold = state instanceof InvoiceState.Held h ? h.hold().code() : null;
            InvoiceState.Scheduled scheduled = switch (state) {
                case InvoiceState.Scheduled s -> s;
                case InvoiceState.Paying p -> p.s();
                case InvoiceState.PaymentRejected r -> r.s();
                case InvoiceState.Paid p -> p.s();
                case InvoiceState.Netted n -> n.s();
                default -> null;
            };
            InvoiceState.Payment payment = switch (state) {
                case InvoiceState.Paying p -> p.payment();
                case InvoiceState.PaymentRejected r -> r.payment();
                case InvoiceState.Paid p -> p.payment();
                default -> null;
            };
            // The row is found (and confined to the tenant) first; the new values are bound after it.
            query("with row as (select id from supplier_invoice where tenant_id = ? and id = ?::uuid) "
                    + "update supplier_invoice i set state = ?, hold_code = ?, erp_ref = ?, pay_on = ?, pay_amount = ?, "
                    + "discount_taken = ?, run_id = ?::uuid, end_to_end_id = ? from row "
                    + "where i.tenant_id = ? and i.id = row.id", s -> {
                s.setString(2, invoiceId);
                s.setString(3, stateName(state));
                s.setString(4, hold);
                s.setString(5, scheduled == null ? null : scheduled.erpRef());
                s.setObject(6, scheduled == null ? null : scheduled.plan().payOn());
                s.setBigDecimal(7, scheduled == null ? null : scheduled.plan().amount().amount());
                s.setObject(8, scheduled == null ? null : scheduled.plan().discountTaken());
                s.setString(9, payment != null ? payment.runId() : state instanceof InvoiceState.Netted n ? n.runId() : null);
                s.setString(10, payment == null ? null : payment.endToEndId());
                s.setObject(11, r.tenant().value());
                return s.executeUpdate();
            });
        }

        private JsonNode read(String json) {
            try {
                return Json.mapper().readTree(json);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored master data is not JSON", e);
            }
        }
    }

    /** The read model's name of a state: {@code AwaitingApproval} is {@code AWAITING_APPROVAL}. */
    static String stateName(InvoiceState state) {
        return state.name().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
