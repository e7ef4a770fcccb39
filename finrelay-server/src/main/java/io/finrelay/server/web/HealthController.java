package io.finrelay.server.web;

import io.finrelay.server.storage.DatabaseHealth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Open to all. {@code GET /health} is readiness: 200 when the database answers, else 503 (take the node
 * out of the load balancer). {@code GET /health/live} is liveness: 200 while the process serves requests,
 * whatever the database does (restarting a node does not bring a database back).
 */
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

    /** Liveness: 200 while the process serves requests, without asking the database. */
    @GetMapping("/health/live")
    public Map<String, String> live() {
        return Map.of("status", "UP");
    }
}
