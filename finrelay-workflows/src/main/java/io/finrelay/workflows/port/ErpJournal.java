package io.finrelay.workflows.port;

import io.finrelay.model.Check;

/** A journal (book) of the ERP that entries are posted into, e.g. {@code MISC}, {@code CASH}. */
public record ErpJournal(String erpRef, String code, String name, String type, boolean active) {
    public ErpJournal {
        Check.required("erpRef", erpRef);
        Check.required("code", code);
        Check.text("name", name, 140);
        Check.required("type", type);
    }
}
