package io.finrelay.model.invoice;

/** Whether the document asks for money (invoice) or gives it back (credit note); EN 16931 BT-3. */
public enum InvoiceKind {
    INVOICE,
    CREDIT_NOTE;

    /** UNTDID 1001 type code (BT-3): 381 and 396 are credit notes, every other accepted code is an invoice. */
    public static InvoiceKind ofTypeCode(String code) {
        return "381".equals(code) || "396".equals(code) ? CREDIT_NOTE : INVOICE;
    }
}
