package io.finrelay.testkit;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.finrelay.model.bank.IbanMasker;

/**
 * The modules' test logging (logback-test.xml) with every IBAN in a finished line masked, as the
 * server's own layout does in production, so test logs show what production logs would. The rule
 * is the model's {@link IbanMasker}; this is only its Logback adapter for modules without the server.
 */
public class IbanMaskingTestLayout extends PatternLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
        return IbanMasker.mask(super.doLayout(event));
    }
}
