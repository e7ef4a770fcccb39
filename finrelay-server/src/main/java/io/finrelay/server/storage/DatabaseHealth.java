package io.finrelay.server.storage;

import io.finrelay.engine.db.Database;
import java.sql.Statement;
import org.springframework.stereotype.Component;

/** Whether the database answers: a {@code select 1} within five seconds. */
@Component
public class DatabaseHealth {
    private final Database db;

    public DatabaseHealth(Database db) {
        this.db = db;
    }

    public boolean up() {
        try {
            return db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(5);
                    return s.executeQuery("select 1").next();
                }
            });
        } catch (RuntimeException e) {
            return false;
        }
    }
}
