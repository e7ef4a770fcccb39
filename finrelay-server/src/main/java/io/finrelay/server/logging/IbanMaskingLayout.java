package io.finrelay.server.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.finrelay.model.bank.IbanMasker;

/**
 * Logback's pattern layout with every IBAN in the finished line masked: message, arguments, MDC and
 * stack traces alike, so no logger call, library or exception text can put a full account number
 * into the logs. Masking the finished line is simpler and safer than a converter per pattern word.
 */
public class IbanMaskingLayout extends PatternLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
        return IbanMasker.mask(super.doLayout(event));
    }
}
