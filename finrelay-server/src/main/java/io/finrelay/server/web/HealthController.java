package io.finrelay.server.web;

import io.finrelay.server.storage.DatabaseHealth;
import io.swagger.v3.oas.annotations.media.Schema;
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
    public ResponseEntity<Health> health() {
        String up = database.up() ? "UP" : "DOWN";
        return ResponseEntity.status(database.up() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(new Health(up, up));
    }

    /** The node's readiness, and the database's. */
    public record Health(@Schema(allowableValues = {"UP", "DOWN"}) String status,
                         @Schema(allowableValues = {"UP", "DOWN"}) String database) {}

    /** Liveness: 200 while the process serves requests, without asking the database. */
    @GetMapping("/health/live")
    public Map<String, String> live() {
        return Map.of("status", "UP");
    }
}
