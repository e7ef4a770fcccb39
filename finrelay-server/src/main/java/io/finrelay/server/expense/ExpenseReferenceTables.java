package io.finrelay.server.expense;

import io.finrelay.server.tenancy.TenantSql;
import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.DatabaseException;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.server.governance.Duties;
import io.finrelay.server.masterdata.BankDetails;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.TenantScope;
import io.finrelay.workflows.expense.ExpenseReferencePort;
import io.finrelay.workflows.expense.ReferenceData;
import io.finrelay.workflows.governance.BankDetailChange;
import io.finrelay.workflows.governance.DutyPolicy;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The expense workflow's master data, read from the server's tables in the transaction that decides
 * (master_data documents, legal_entity, expense_policy, expense_mapping, fx_rate; for a release the
 * releaser's expense_role, the payee's bank_detail_change and the tenant's duty_policy), and its duplicate
 * fingerprints registered there (expense_fingerprint). The engine's connection is not confined to a
 * tenant, so every statement goes through {@link ExpenseSql}, which binds the reading's tenant first.
 * Returns what is stored; which entry counts is the workflow's {@code ReferenceRules}.
 */
final class ExpenseReferenceTables implements ExpenseReferencePort.Source {
    private final BankDetails bankDetails;
    private final Duties duties;
    private final Access access;

    ExpenseReferenceTables(BankDetails bankDetails, Duties duties, Access access) {
        this.bankDetails = bankDetails;
        this.duties = duties;
        this.access = access;
    }

    @Override
    public ExpenseReferencePort in(Reading reading) {
        return new Tables(reading);
    }

    private final class Tables implements ExpenseReferencePort {
        private final Reading r;
        private TenantScope scope;

        Tables(Reading r) {
            this.r = r;
        }

        private <T> T query(String sql, TenantSql.Work<T> work) {
            return TenantSql.inReading(r, sql, work);
        }

        @Override
        public Optional<ReferenceData.Employee> employee(String employeeId) {
            List<JsonNode> found = documents("employee", "key = ?", employeeId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            JsonNode e = bankDetails.opened(r.tenant(), "employee", employeeId, found.getFirst());
            JsonNode bank = e.path("bankAccount");
            return Optional.of(new ReferenceData.Employee(e.path("id").asText(), e.path("legalEntityId").asText(),
                    e.path("name").asText(), e.path("active").asBoolean(), bank.path("iban").asText(null),
                    bank.path("bic").asText(null), bank.path("holderName").asText(null)));
        }

        @Override
        public Optional<ReferenceData.Entity> entity(String legalEntityId) {
            return query("select id, country, functional_currency from legal_entity where tenant_id = ? and id = ?::uuid", s -> {
                s.setString(2, legalEntityId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new ReferenceData.Entity(rs.getString(1), rs.getString(2), rs.getString(3)))
                            : Optional.empty();
                }
            });
        }

        @Override
        public Optional<ReferenceData.Policy> policy(String legalEntityId) {
            // The card clearing account defaults to the card liability the tenant's month-end card accrual credits:
            // both are what the company owes the card issuer.
            return query("select p.payable_account, p.input_tax_account, p.four_eyes_threshold, "
                    + "coalesce(p.card_clearing_account, cs.liability_account) from expense_policy p "
                    + "left join card_settings cs on cs.tenant_id = p.tenant_id "
                    + "where p.tenant_id = ? and p.legal_entity_id = ?::uuid", s -> {
                s.setString(2, legalEntityId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new ReferenceData.Policy(rs.getString(1), rs.getString(2),
                            rs.getBigDecimal(3), rs.getString(4))) : Optional.empty();
                }
            });
        }

        @Override
        public Map<String, Map<String, String>> mappings() {
            return query("select kind, source, target from expense_mapping where tenant_id = ?", s -> {
                Map<String, Map<String, String>> map = new HashMap<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        map.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
                    }
                }
                return map;
            });
        }

        @Override
        public List<ReferenceData.CostCenter> costCenters(String code) {
            return documents("cost-center", "body->>'code' = ? order by legal_entity_id", code).stream()
                    .map(d -> new ReferenceData.CostCenter(code, d.path("legalEntityId").asText(), d.path("open").asBoolean()))
                    .toList();
        }

        @Override
        public List<ReferenceData.Project> projects(String code) {
            return documents("project", "body->>'code' = ? order by legal_entity_id", code).stream()
                    .map(d -> new ReferenceData.Project(code, d.path("legalEntityId").asText(), d.path("open").asBoolean()))
                    .toList();
        }

        @Override
        public Optional<ReferenceData.Account> account(String code) {
            return documents("gl-account", "key = ?", code).stream().findFirst()
                    .map(d -> new ReferenceData.Account(code, d.path("legalEntityId").asText(), d.path("open").asBoolean()));
        }

        @Override
        public Optional<ReferenceData.Tax> tax(String code) {
            return documents("tax-code", "key = ?", code).stream().findFirst()
                    .map(d -> new ReferenceData.Tax(code, d.path("country").asText(),
                            new BigDecimal(d.path("ratePercent").asText("0")), d.path("recoverable").asBoolean()));
        }

        @Override
        public Optional<ReferenceData.Fx> latestRate(String base, String quote, LocalDate day) {
            return query("select rate_date, rate, source from fx_rate where tenant_id = ? and base = ? and quote = ? "
                    + "and rate_date <= ? order by rate_date desc limit 1", s -> {
                s.setString(2, base);
                s.setString(3, quote);
                s.setDate(4, Date.valueOf(day));
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new ReferenceData.Fx(rs.getDate(1).toLocalDate(), rs.getBigDecimal(2),
                            rs.getString(3))) : Optional.empty();
                }
            });
        }

        @Override
        public List<EarlierClaim> registerFingerprints(String employeeId, String reportId, List<String> fingerprints) {
            // One lock per tenant, not per employee: a batch of many reports then takes one lock, so two
            // committers' batches cannot deadlock on locks taken in different employee orders.
            try (PreparedStatement lock = r.connection().prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, "expense-fingerprint:" + r.tenant());
                lock.execute();
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
            query("insert into expense_fingerprint (tenant_id, fingerprint, report_id, received_at) values (?, ?, ?, ?) "
                    + "on conflict do nothing", s -> {
                for (String print : fingerprints) {
                    s.setString(2, print);
                    s.setString(3, reportId);
                    s.setTimestamp(4, Timestamp.from(r.now()));
                    s.addBatch();
                }
                return s.executeBatch();
            });
            return query("select f.report_id, f.received_at from expense_fingerprint f where f.tenant_id = ? "
                    + "and f.fingerprint = any(?) and f.report_id <> ? and f.seq < (select min(m.seq) "
                    + "from expense_fingerprint m where m.tenant_id = f.tenant_id and m.report_id = ?)", s -> {
                s.setArray(2, r.connection().createArrayOf("text", fingerprints.toArray()));
                s.setString(3, reportId);
                s.setString(4, reportId);
                List<EarlierClaim> earlier = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        earlier.add(new EarlierClaim(rs.getString(1), rs.getTimestamp(2).toInstant()));
                    }
                }
                return earlier;
            });
        }

        @Override
        public List<String> releaseRoles(String person) {
            try {
                return ExpenseSetup.rolesOf(r.connection(), r.tenant(), person);
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
        }

        @Override
        public Optional<BankDetailChange> lastBankDetailChange(String employeeId) {
            try {
                return duties.lastBankDetailChange(r.connection(), scope(), "employee", employeeId);
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
        }

        @Override
        public DutyPolicy dutyPolicy() {
            try {
                return duties.policy(r.connection(), scope());
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
        }

        /** The governance reads take a tenant scope: the instance's tenant, its partner read on this transaction. */
        private TenantScope scope() throws SQLException {
            if (scope == null) {
                scope = access.deciding(r.connection(), r.tenant(), "expense release");
            }
            return scope;
        }

        private List<JsonNode> documents(String kind, String condition, String value) {
            return query("select body::text from master_data where tenant_id = ? and kind = ? and " + condition, s -> {
                s.setString(2, kind);
                s.setString(3, value);
                List<JsonNode> found = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(Json.mapper().readTree(rs.getString(1)));
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                    throw new IllegalStateException("stored master data is not JSON", ex);
                }
                return found;
            });
        }
    }
}
