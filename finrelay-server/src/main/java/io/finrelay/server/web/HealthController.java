package io.finrelay.server.web;

import io.finrelay.server.storage.DatabaseHealth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /health}, open to all: 200 when the database answers, else 503. */
@RestController
public class HealthController {
    private final DatabaseHealth database;

    public HealthController(DatabaseHealth database) {
        this.database = database;
    }

    /** Health: 200 when the database answers, else 503. */
    @GetMapping("/health")
    public ResponseEntity<Map<String, String>> health() {
        boolean up = database.up();
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("database", up ? "UP" : "DOWN");
        return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
