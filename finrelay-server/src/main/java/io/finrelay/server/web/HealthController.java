package io.finrelay.server.web;

import io.finrelay.server.storage.DatabaseHealth;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Open to all. {@code GET /health} is readiness: 200 once the node has finished starting (its start-up
 * work, such as installing the bootstrap key, is done) and while the database answers, else 503 (take the
 * node out of the load balancer). {@code GET /health/live} is liveness: 200 while the process serves requests,
 * whatever the database does (restarting a node does not bring a database back).
 */
@RestController
public class HealthController {
    private final DatabaseHealth database;
    private final ApplicationAvailability availability;

    public HealthController(DatabaseHealth database, ApplicationAvailability availability) {
        this.database = database;
        this.availability = availability;
    }

    /** Health: 200 when the node has started and the database answers, else 503. */
    @GetMapping("/health")
    public ResponseEntity<Health> health() {
        boolean databaseUp = database.up();
        // Spring marks the application ready after its start-up runners: before, a request could find no key yet.
        boolean started = availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
        boolean up = databaseUp && started;
        return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(new Health(up ? "UP" : "DOWN", databaseUp ? "UP" : "DOWN"));
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
