package io.finrelay.server.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.db.Database;
import io.finrelay.server.ServerIT;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * V2_10 makes a file one import per tenant. Rows written before it may hold the same content imported
 * through two connections: the migration's clean-up keeps the earliest import, turns the later copies
 * into DUPLICATE without lines, and only then can the per-tenant unique indexes be built. Run here on
 * such rows in a transaction that is rolled back (the indexes are put back inside it first as they were before V2_10).
 */
class BankFileIdentityMigrationIT extends ServerIT {
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);
    private static final String SHA_C = "c".repeat(64);

    @Autowired
    Database db;

    @Test
    void copiesImportedThroughSeveralConnectionsBecomeDuplicatesOfTheEarliestWithoutLines() throws Exception {
        TestTenant tenant = newTenant("Migration");
        UUID t = UUID.fromString(tenant.id());
        String migration = migration();
        String cleanUp = migration.substring(0, migration.indexOf("drop index bank_file_imported;"));
        String indexes = migration.substring(migration.indexOf("drop index bank_file_imported;"),
                migration.indexOf("-- Statement accounts of an imported file"));
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("set local role none");
                s.execute("drop index bank_file_imported");
                s.execute("drop index bank_file_imported_message");
                // The index as it was before V2_10: per connection.
                s.execute("create unique index bank_file_imported on bank_file (connection, sha256, tenant_id) "
                        + "where status = 'IMPORTED'");
                UUID first = new UUID(0x0190_0000_0000_7000L, 1);
                UUID second = new UUID(0x0190_0000_0000_7000L, 2);
                UUID third = new UUID(0x0190_0000_0000_7000L, 3);
                UUID fourth = new UUID(0x0190_0000_0000_7000L, 4);
                insertFile(c, t, first, "ebics", "STA_0302.xml", SHA_A, "MSG-1");
                insertFile(c, t, second, "sftp", "copy_0302.xml", SHA_A, "MSG-1");
                insertFile(c, t, third, "ebics", "STA_0303.xml", SHA_B, "MSG-2");
                insertFile(c, t, fourth, "sftp", "rewrapped_0303.xml", SHA_C, "MSG-2");
                for (UUID file : List.of(first, second, third, fourth)) {
                    insertLine(c, t, file);
                }

                s.execute(cleanUp);
                s.execute(indexes);

                assertThat(rows(c, t)).containsExactly(
                        "STA_0302.xml IMPORTED 1 1 []",
                        "copy_0302.xml DUPLICATE 0 0 [\"same content as STA_0302.xml imported at 2026-03-02T08:00:00Z "
                                + "(through another connection; merged when a file became one import per tenant)\"]",
                        "STA_0303.xml IMPORTED 1 1 []",
                        "rewrapped_0303.xml DUPLICATE 0 0 [\"same message id as STA_0303.xml imported at 2026-03-02T08:00:00Z "
                                + "(merged when a file became one import per tenant)\"]");
            } finally {
                c.rollback();
            }
        }
    }

    private static void insertFile(Connection c, UUID tenant, UUID id, String connection, String name, String sha,
                                   String messageId) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("insert into bank_file (tenant_id, id, connection, name, sha256, "
                + "size_bytes, format, status, message_id, statements, lines, credits, debits, problems, received_at) "
                + "values (?, ?, ?, ?, ?, 100, 'CAMT', 'IMPORTED', ?, 1, 1, '{\"EUR\": \"1.00\"}', '{}', '[]', "
                + "timestamptz '2026-03-02 08:00:00+00')")) {
            insert.setObject(1, tenant);
            insert.setObject(2, id);
            insert.setString(3, connection);
            insert.setString(4, name);
            insert.setString(5, sha);
            insert.setString(6, messageId);
            insert.executeUpdate();
        }
    }

    private static void insertLine(Connection c, UUID tenant, UUID file) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("insert into bank_statement_line (tenant_id, file_id, line_no, "
                + "statement_id, account, entry_number, transaction_number, entry_status, amount, currency, direction, "
                + "reversal, line) values (?, ?, 1, 'STMT', 'DE89370400440532013000', 1, 1, 'BOOKED', 1.00, 'EUR', "
                + "'CREDIT', false, '{}')")) {
            insert.setObject(1, tenant);
            insert.setObject(2, file);
            insert.executeUpdate();
        }
    }

    private static List<String> rows(Connection c, UUID tenant) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select f.name, f.status, f.statements, "
                + "(select count(*) from bank_statement_line l where l.tenant_id = f.tenant_id and l.file_id = f.id), "
                + "f.problems::text from bank_file f where f.tenant_id = ? order by f.id")) {
            select.setObject(1, tenant);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3) + " " + rs.getLong(4) + " "
                            + rs.getString(5));
                }
            }
            return rows;
        }
    }

    private static String migration() throws IOException {
        try (InputStream in = BankFileIdentityMigrationIT.class.getResourceAsStream("/db/migration/V2_10__bank_files_per_tenant.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
