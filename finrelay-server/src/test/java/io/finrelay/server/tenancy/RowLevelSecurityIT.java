package io.finrelay.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.finrelay.engine.db.Database;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.ServerIT;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The second tenant wall, on the whole schema the server runs: whatever a query forgets, PostgreSQL
 * row-level security returns only the rows of the tenant its transaction is scoped to, and nothing
 * at all without a tenant. Every table with a tenant_id column is walled, so a new one cannot slip
 * through, and the roles the application queries as can neither bypass the wall nor own a table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowLevelSecurityIT extends ServerIT {
    /** Tables both tenants have rows in after the set-up below. */
    private static final List<String> FILLED = List.of("master_data", "legal_entity", "workflow_instance", "outbox",
            "audit_event", "exception", "inbox", "api_key");
    private static final String APP_ROLE = "finrelay_app";
    private static final String SYSTEM_ROLE = "finrelay_system";

    @Autowired
    Database db;
    private TenantId alpha;
    private TenantId beta;

    @BeforeAll
    void twoTenantsEachWithMasterDataAndAFailedPayment() {
        alpha = TenantId.of(setUp(newTenant("Alpha"), "INV-FAIL-2026-0117").id());
        beta = TenantId.of(setUp(newTenant("Beta"), "INV-FAIL-2026-0342").id());
        for (String table : FILLED) {
            assertThat(asOwner("select tenant_id from " + table)).as(table).contains(alpha.value(), beta.value());
        }
    }

    /** A legal entity, a vendor and an invoice whose posting the ERP refuses (an exception, the command kept). */
    private TestTenant setUp(TestTenant tenant, String invoice) {
        String le = legalEntity(tenant);
        Map<String, Object> account = Map.of("iban", "DE89370400440532013000", "holderName", "Adlon Hotel GmbH");
        assertThat(post(tenant.path("/vendors"), tenant.adminKey(), json("legalEntityId", le, "name", "Adlon Hotel GmbH",
                "country", "DE", "bankAccount", account, "active", true)).status()).isEqualTo(201);
        assertThat(post(tenant.path("/workflows/" + PaymentFlow.TYPE + "/events"), tenant.adminKey(),
                json("businessKey", invoice, "event", Map.of("type", "InvoiceApproved", "data",
                        Map.of("invoice", invoice, "vendor", "Adlon Hotel GmbH", "amount", "1840.50"))),
                "evt-" + invoice).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                get(tenant.path("/exceptions?status=OPEN"), tenant.adminKey()).body().size() == 1);
        return tenant;
    }

    @Test
    void aQueryThatForgetsItsTenantFilterStillReturnsNothingOfAnotherTenant() {
        for (String table : FILLED) {
            String unscoped = "select tenant_id from " + table;
            List<UUID> seenByAlpha = db.inTenant(alpha, c -> tenants(c, unscoped));
            List<UUID> seenByBeta = db.inTenant(beta, c -> tenants(c, unscoped));
            assertThat(seenByAlpha).as(table).isNotEmpty().containsOnly(alpha.value());
            assertThat(seenByBeta).as(table).isNotEmpty().containsOnly(beta.value());
        }
    }

    @Test
    void withoutATenantTheSameQueriesReturnNothing() {
        for (String table : FILLED) {
            List<UUID> seen = db.inTransaction(c -> tenants(c, "select tenant_id from " + table));
            assertThat(seen).as(table).isEmpty();
        }
    }

    @Test
    void everyTableWithATenantColumnIsWalledByTheTenantPolicy() {
        Map<String, String> walls = new LinkedHashMap<>();
        try (Connection owner = db.dataSource().getConnection(); Statement s = owner.createStatement();
             ResultSet rs = s.executeQuery("select c.relname, c.relrowsecurity, pg_get_userbyid(c.relowner), "
                     + "(select pg_get_expr(p.polqual, p.polrelid) from pg_policy p where p.polrelid = c.oid "
                     + "and p.polname = 'tenant_wall' and p.polroles = array[to_regrole('finrelay_app')]::oid[]) "
                     + "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                     + "join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped "
                     + "where n.nspname = 'public' and c.relkind in ('r', 'p')")) {
            while (rs.next()) {
                walls.put(rs.getString(1), rs.getBoolean(2) + " owner=" + rs.getString(3) + " " + rs.getString(4));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        // Not vacuous: the engine's, the server's and the expense tables are all in the list.
        assertThat(walls.keySet()).containsAll(FILLED).contains("timer", "outbox_done", "bank_file",
                "bank_statement_line", "expense_settings", "expense_fingerprint");
        walls.forEach((table, wall) -> assertThat(wall).as(table).startsWith("true owner=")
                .doesNotContain("owner=finrelay_").contains("current_setting('finrelay.tenant_id'"));
    }

    @Test
    void theRolesTheApplicationQueriesAsCannotBypassTheWallNorOwnAnything() {
        assertThat(asOwner("select count(*) from pg_roles where rolname in ('finrelay_app', 'finrelay_system') "
                + "and not rolsuper and not rolbypassrls and not rolcanlogin")).hasSize(1).first().isEqualTo(2L);
        assertThat(asOwner("select count(*) from pg_class where relowner in (to_regrole('finrelay_app'), "
                + "to_regrole('finrelay_system'))")).containsExactly(0L);
        String inTenant = db.inTenant(alpha, RowLevelSecurityIT::currentUser);
        String inSystem = db.inSystem(RowLevelSecurityIT::currentUser);
        String outsideTenants = db.inTransaction(RowLevelSecurityIT::currentUser);
        assertThat(List.of(inTenant, inSystem, outsideTenants)).containsExactly(APP_ROLE, SYSTEM_ROLE, APP_ROLE);
    }

    private static String currentUser(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<UUID> tenants(Connection c, String sql) throws SQLException {
        List<UUID> seen = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                seen.add(rs.getObject(1, UUID.class));
            }
        }
        return seen;
    }

    /** What the schema owner (who is not walled) sees: the first column of every row. */
    private List<Object> asOwner(String sql) {
        return asOwner(db, owner -> {
            List<Object> values = new ArrayList<>();
            try (Statement s = owner.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    values.add(rs.getObject(1));
                }
            }
            return values;
        });
    }
}
