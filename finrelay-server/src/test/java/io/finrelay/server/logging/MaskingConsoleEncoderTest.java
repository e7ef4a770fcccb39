package io.finrelay.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/**
 * The console encoder: with a structured format (logging.structured.format.console) JSON lines that carry
 * the MDC's correlation and trace ids, IBANs masked as in plain lines; without one, the plain pattern.
 */
class MaskingConsoleEncoderTest {
    private static String encode(String structuredFormat) {
        LoggerContext context = new LoggerContext();
        context.putObject(Environment.class.getName(), new StandardEnvironment());
        MaskingConsoleEncoder encoder = new MaskingConsoleEncoder();
        encoder.setContext(context);
        encoder.setPattern("%-5level [%X{correlationId:-} %X{traceId:-}] %msg%n");
        encoder.setStructuredFormat(structuredFormat);
        encoder.start();
        Logger logger = context.getLogger("io.finrelay.server.expense.WebhookController");
        LoggingEvent event = new LoggingEvent("test", logger, Level.WARN, "refund to {} refused",
                null, new Object[] {"DE89370400440532013000"});
        event.setMDCPropertyMap(Map.of("correlationId", "corr-7f3a", "traceId", "4bf92f3577b34da6a3ce929d0e0e4736"));
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void aStructuredLineIsJsonWithTheCorrelationAndTraceIdsAndTheIbanMasked() throws Exception {
        String line = encode("ecs");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("message").asText()).isEqualTo("refund to DE89 **** **** **** **30 00 refused");
        assertThat(line).contains("\"correlationId\":\"corr-7f3a\"").contains("4bf92f3577b34da6a3ce929d0e0e4736")
                .doesNotContain("0532013000");
    }

    @Test
    void withoutAFormatTheLineIsThePlainPatternMasked() {
        assertThat(encode("")).isEqualTo("WARN  [corr-7f3a 4bf92f3577b34da6a3ce929d0e0e4736] refund to DE89 **** **** **** **30 00 "
                + "refused" + System.lineSeparator());
    }
}
