package io.finrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.db.Migrations;
import io.finrelay.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Several nodes started at the same moment on one database (N replicas of a deployment) each migrate it at start-up.
 * Flyway's lock serialises the migrations but not its after-migrate script (grants and the tenant wall), and two
 * nodes granting at once failed one of them with "tuple concurrently updated" (seen in MultiNodeIT).
 */
class MigrationsIT {
    private static final int NODES = 4;
    private static final int ROUNDS = 6;

    @Test
    void nodesStartingTogetherOnOneDatabaseEachMigrateItWithoutFailing() throws Exception {
        ExecutorService nodes = Executors.newFixedThreadPool(NODES);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                DataSource db = TestDatabase.newDatabase("migrate_together");
                // an existing database, as at every restart of a deployment: only the after-migrate script runs
                Migrations.migrate(db);
                CyclicBarrier start = new CyclicBarrier(NODES);
                List<Future<Integer>> migrated = new ArrayList<>();
                for (int n = 0; n < NODES; n++) {
                    migrated.add(nodes.submit(() -> {
                        start.await();
                        return Migrations.migrate(db);
                    }));
                }
                for (Future<Integer> node : migrated) {
                    assertThat(node.get()).as("nothing left to migrate").isZero();
                }
                try (Connection c = db.getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                             + "where n.nspname = current_schema() and c.relname = 'outbox' and c.relrowsecurity")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("the tenant wall stands").isEqualTo(1);
                }
            }
        } finally {
            nodes.shutdownNow();
        }
    }
}
