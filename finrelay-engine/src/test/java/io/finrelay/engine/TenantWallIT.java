package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.GLOBEX;
import static io.finrelay.engine.fixtures.EngineFixture.approved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.engine.db.Database;
import io.finrelay.engine.db.DatabaseException;
import io.finrelay.engine.db.Migrations;
import io.finrelay.engine.fixtures.EngineFixture;
import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The second tenant wall: PostgreSQL row-level security holds every transaction of {@link Database}
 * to the tenant it names, so a query that forgets its tenant filter still sees nothing of another
 * tenant. The rows here are the engine's own, written by the engine for two tenants.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantWallIT {
    private static final List<String> TABLES = List.of("workflow_instance", "outbox", "audit_event", "inbox");
    EngineFixture f;

    @BeforeAll
    void twoTenantsWithPendingPayments() {
        f = new EngineFixture("tenant_wall");
        // Not drained: the commands stay in the outbox next to the instances, inbox and audit rows.
        f.submit(approved(ACME, "acme-1", "INV-2026-1001", "1250.00", null));
        f.submit(approved(ACME, "acme-2", "INV-2026-1002", "89.90", null));
        f.submit(approved(GLOBEX, "globex-1", "GX-77120", "15000.00", null));
        for (String table : TABLES) {
            assertThat(f.count("select count(distinct tenant_id) from " + table)).as(table).isEqualTo(2);
        }
    }

    @AfterAll
    void stop() {
        f.close();
    }

    private List<UUID> seenIn(TenantId tenant, String sql) {
        return f.db.inTenant(tenant, c -> tenantsSeen(c, sql));
    }

    private List<UUID> seenOutsideTenants(String sql) {
        return f.db.inTransaction(c -> tenantsSeen(c, sql));
    }

    private List<UUID> seenBySystem(String sql) {
        return f.db.inSystem(c -> tenantsSeen(c, sql));
    }

    /** The tenants whose rows {@code sql} (which has no tenant filter) returns, one per row. */
    private static List<UUID> tenantsSeen(Connection c, String sql) throws SQLException {
        List<UUID> seen = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                seen.add(rs.getObject("tenant_id", UUID.class));
            }
        }
        return seen;
    }

    @Test
    void aQueryWithoutTenantFilterSeesOnlyTheTenantOfItsTransaction() {
        for (String table : TABLES) {
            List<UUID> acme = seenIn(ACME, "select * from " + table);
            List<UUID> globex = seenIn(GLOBEX, "select * from " + table);
            assertThat(acme).as(table).isNotEmpty().containsOnly(ACME.value());
            assertThat(globex).as(table).isNotEmpty().containsOnly(GLOBEX.value());
        }
        assertThat(seenIn(ACME, "select * from workflow_instance")).hasSize(2);
    }

    @Test
    void aTransactionWithoutTenantSeesNothing() {
        for (String table : TABLES) {
            assertThat(seenOutsideTenants("select * from " + table)).as(table).isEmpty();
        }
    }

    @Test
    void theEnginesOwnWorkersSeeEveryTenant() {
        for (String table : TABLES) {
            assertThat(seenBySystem("select * from " + table)).as(table)
                    .contains(ACME.value(), GLOBEX.value());
        }
    }

    @Test
    void aTenantCannotWriteIntoAnotherTenantNorChangeItsRows() {
        // An audit row claiming to be Globex's, written in Acme's transaction: PostgreSQL refuses it.
        assertThatThrownBy(() -> f.db.inTenant(ACME, c -> {
            try (PreparedStatement insert = c.prepareStatement("insert into audit_event (tenant_id, correlation_id, "
                    + "occurred_at, actor, kind, detail) values (?, 'corr-forged', now(), 'mallory', 'note', '{}')")) {
                insert.setObject(1, GLOBEX.value());
                return insert.executeUpdate();
            }
        })).isInstanceOf(DatabaseException.class).satisfies(e ->
                assertThat(((DatabaseException) e).sqlState()).isEqualTo("42501"));
        // An update that forgets its tenant filter changes only the transaction's own tenant's rows.
        int changed = f.db.inTenant(ACME, c -> {
            try (Statement s = c.createStatement()) {
                int n = s.executeUpdate("update outbox set attempts = attempts + 1");
                c.rollback();
                return n;
            }
        });
        assertThat(changed).isEqualTo((int) f.count("select count(*) from outbox where tenant_id = ?", ACME.value()));
        assertThat(f.count("select count(*) from outbox where tenant_id = ?", GLOBEX.value())).isPositive();
    }

    @Test
    void theScopeEndsWithItsTransactionSoAPooledConnectionCarriesNothingOver() throws SQLException {
        try (Connection c = f.dataSource.getConnection()) {
            c.setAutoCommit(false);
            Database.enterTenant(c, ACME);
            assertThat(roleAndTenant(c)).isEqualTo("finrelay_app " + ACME.value());
            c.commit();
            assertThat(roleAndTenant(c)).isEqualTo("postgres ");
            Database.enterTenant(c, GLOBEX);
            c.rollback();
            assertThat(roleAndTenant(c)).isEqualTo("postgres ");
        }
    }

    @Test
    void enteringATenantOutsideATransactionIsRefused() throws SQLException {
        try (Connection c = f.dataSource.getConnection()) {
            assertThatThrownBy(() -> Database.enterTenant(c, ACME)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("open transaction");
        }
    }

    @Test
    void aTableAddedByALaterMigrationIsWalledWithoutAnyoneRememberingTo() throws SQLException {
        try (Connection owner = f.dataSource.getConnection(); Statement s = owner.createStatement()) {
            s.execute("create table payment_hold (tenant_id uuid not null, invoice text not null, "
                    + "primary key (tenant_id, invoice))");
            s.execute("insert into payment_hold values ('" + ACME.value() + "', 'INV-2026-1001'), ('"
                    + GLOBEX.value() + "', 'GX-77120')");
        }
        Migrations.migrate(f.dataSource);

        assertThat(seenIn(GLOBEX, "select * from payment_hold"))
                .containsExactly(GLOBEX.value());
        assertThat(seenOutsideTenants("select * from payment_hold")).isEmpty();
    }

    private static String roleAndTenant(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select current_user, coalesce(current_setting('finrelay.tenant_id', true), '')")) {
            rs.next();
            return rs.getString(1) + " " + rs.getString(2);
        }
    }
}
