package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.server.storage.DatabaseHealth;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;

/**
 * Readiness: a node that is still starting (its start-up work, the bootstrap key among it, not yet done)
 * is not ready even though its database answers, so that no request reaches it before it can answer it.
 */
class HealthControllerTest {
    private static DatabaseHealth database(boolean up) {
        return new DatabaseHealth(null) {
            @Override
            public boolean up() {
                return up;
            }
        };
    }

    @Test
    void aNodeStillStartingIsNotReadyThoughItsDatabaseAnswers() {
        ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
        HealthController health = new HealthController(database(true), availability);
        assertThat(health.health().getStatusCode().value()).isEqualTo(503);
        assertThat(health.health().getBody()).isEqualTo(new HealthController.Health("DOWN", "UP"));

        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));
        assertThat(health.health().getStatusCode().value()).isEqualTo(200);
        assertThat(health.health().getBody()).isEqualTo(new HealthController.Health("UP", "UP"));
    }

    @Test
    void aStartedNodeWhoseDatabaseDoesNotAnswerIsNotReady() {
        ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
        availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, ReadinessState.ACCEPTING_TRAFFIC));
        HealthController health = new HealthController(database(false), availability);
        assertThat(health.health().getStatusCode().value()).isEqualTo(503);
        assertThat(health.health().getBody()).isEqualTo(new HealthController.Health("DOWN", "DOWN"));
    }
}
