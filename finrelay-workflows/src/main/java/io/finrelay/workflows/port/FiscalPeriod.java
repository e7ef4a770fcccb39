package io.finrelay.workflows.port;

import io.finrelay.model.Check;
import io.finrelay.model.id.LegalEntityId;
import java.time.LocalDate;

/**
 * A fiscal year or one of its periods. Postings are accepted only on dates inside an open period;
 * knowing the closed ones lets a workflow explain a refusal before it happens.
 */
public record FiscalPeriod(String erpRef, LegalEntityId legalEntityId, Kind kind, String name, LocalDate start,
                           LocalDate end, boolean open) {
    public enum Kind { YEAR, PERIOD }

    public FiscalPeriod {
        Check.required("erpRef", erpRef);
        Check.required("legalEntityId", legalEntityId);
        Check.required("kind", kind);
        Check.text("name", name, 140);
        Check.required("start", start);
        Check.required("end", end);
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(start) && !date.isAfter(end);
    }
}
