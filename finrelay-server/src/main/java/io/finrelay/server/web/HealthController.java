package io.finrelay.server.web;

import io.finrelay.engine.db.Database;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /health}, open to all: 200 when the database answers, else 503. */
@RestController
public class HealthController {
    private final Database db;

    public HealthController(Database db) {
        this.db = db;
    }

    @GetMapping("/health")
    public ResponseEntity<Map<String, String>> health() {
        Map<String, String> body = new LinkedHashMap<>();
        boolean up;
        try {
            up = db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(5);
                    return s.executeQuery("select 1").next();
                }
            });
        } catch (RuntimeException e) {
            up = false;
        }
        body.put("status", up ? "UP" : "DOWN");
        body.put("database", up ? "UP" : "DOWN");
        return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
