package io.finrelay.workflows.invoice;

import io.finrelay.engine.workflow.Reading;
import io.finrelay.engine.workflow.Transition;

/**
 * What the monitors show of a payment run, written by its transitions (see {@link PaymentRun#project}) into the
 * server's read model, so that nobody reads the run's stored state to find it: the run, the message id its pain.001
 * carries (the bank's pain.002 names it), and where the run stands.
 */
public record PaymentRunView(String runId, String messageId, String state) {

    /** Where the server writes the view, in the deciding transaction (a failure is an unchecked DatabaseException). */
    public interface Store {
        void write(Reading reading, PaymentRunView view);
    }

    static PaymentRunView of(Transition<PaymentRun.State> t) {
        PaymentRun.PaymentFile file = switch (t.to()) {
            case PaymentRun.Sending s -> s.file();
            case PaymentRun.Sent s -> s.file();
            case PaymentRun.Cancelled c -> c.file();
            case PaymentRun.New n -> throw new IllegalArgumentException("no run before it opened");
        };
        return new PaymentRunView(file.runId(), file.messageId(), t.to().name());
    }
}
