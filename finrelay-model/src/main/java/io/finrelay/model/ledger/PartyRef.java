package io.finrelay.model.ledger;

import io.finrelay.model.Check;
import io.finrelay.model.ValidationException;
import java.util.regex.Pattern;

/**
 * The business partner a journal line is booked against (a sub-ledger line): an ERP keeps payables
 * and receivables per party and refuses such a line without one. {@code id} is the partner's id in
 * the tenant's master data (an employee's, vendor's or customer's id), {@code name} its name, so that
 * an ERP that does not know Finrelay's ids can still find the partner.
 */
public record PartyRef(Kind kind, String id, String name) {
    /** 1 to 64 letters, digits or . _ : - (a UUID, or an ERP's own code). */
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}";
    private static final Pattern ID = Pattern.compile(ID_PATTERN);

    public enum Kind { EMPLOYEE, VENDOR, CUSTOMER }

    public PartyRef {
        Check.required("party.kind", kind);
        Check.required("party.id", id);
        if (!ID.matcher(id).matches()) {
            throw new ValidationException("party.id", id, "must be 1 to 64 letters, digits or . _ : -, starting with a letter or digit");
        }
        Check.text("party.name", name, 140);
    }

    public static PartyRef employee(String id, String name) {
        return new PartyRef(Kind.EMPLOYEE, id, name);
    }
}
