package io.finrelay.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class IbanMaskingLayoutTest {
    private static String layout(String message, Object[] args, Throwable thrown) {
        LoggerContext context = new LoggerContext();
        IbanMaskingLayout layout = new IbanMaskingLayout();
        layout.setContext(context);
        layout.setPattern("%-5level %logger{20} %msg%n%ex");
        layout.start();
        Logger logger = context.getLogger("io.finrelay.server.expense.ReferenceDataConnector");
        return layout.doLayout(new LoggingEvent("test", logger, Level.WARN, message, thrown, args));
    }

    @Test
    void anIbanInTheMessageOrItsArgumentsIsMasked() {
        assertThat(layout("paying {} to {}", new Object[] {"ER-2026-0007", "DE89370400440532013000"}, null))
                .isEqualTo("WARN  i.f.s.e.ReferenceDataConnector paying ER-2026-0007 to DE89 **** **** **** **30 00"
                        + System.lineSeparator());
    }

    @Test
    void anIbanInAnExceptionsMessageIsMaskedToo() {
        String line = layout("peer refused", new Object[0],
                new IllegalStateException("account CH93 0076 2011 6238 5295 7 is closed"));
        assertThat(line).contains("account CH93 **** **** **** *295 7 is closed").doesNotContain("6238 5295");
    }
}
