package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CorrelationTest {
    @Test
    void theCallersIdWinsThenTheTraceIdThenANewOne() {
        assertThat(Correlation.resolve("order-42", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEqualTo("order-42");
        assertThat(Correlation.resolve(null, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(Correlation.resolve(null, null)).hasSize(36);
    }

    @Test
    void unusableValuesAreIgnored() {
        assertThat(Correlation.resolve("has spaces and \n newline", null)).hasSize(36);
        assertThat(Correlation.resolve("x".repeat(200), null)).hasSize(36);
        assertThat(Correlation.resolve(null, "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01")).hasSize(36);
        assertThat(Correlation.resolve(null, "garbage")).hasSize(36);
    }
}
