package io.finrelay.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.db.Migrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** The embedded default keeps its data across a restart on the same directory, with durability on. */
class EmbeddedDatabaseIT {

    private static PGSimpleDataSource dataSource(EmbeddedDatabase db) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db.jdbcUrl());
        ds.setUser(db.user());
        return ds;
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void dataSurvivesARestartOnTheSameDirectoryAndDurabilityIsOn(@TempDir Path dir) throws SQLException {
        Path data = dir.resolve("postgres");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(data, 0)) {
            PGSimpleDataSource ds = dataSource(first);
            assertThat(Migrations.migrate(ds)).isGreaterThanOrEqualTo(2);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("insert into partner (id, name, created_at) values "
                        + "('6f1c2a9e-4b7d-4e0a-9c3b-2d5e8f7a1b04', 'Kept Partner', now())");
            }
        }
        try (EmbeddedDatabase second = EmbeddedDatabase.start(data, 0)) {
            PGSimpleDataSource ds = dataSource(second);
            assertThat(Migrations.migrate(ds)).as("nothing left to migrate").isZero();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select name from partner")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Kept Partner");
                assertThat(show(c, "fsync")).isEqualTo("on");
                assertThat(show(c, "synchronous_commit")).isEqualTo("on");
                assertThat(show(c, "full_page_writes")).isEqualTo("on");
                assertThat(show(c, "data_directory")).isEqualTo(data.toAbsolutePath().toString());
            }
        }
    }
}
