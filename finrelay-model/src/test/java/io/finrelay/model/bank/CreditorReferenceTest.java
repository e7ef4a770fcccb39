package io.finrelay.model.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CreditorReferenceTest {

    @Test
    void theStandardsOwnExampleIsValidPrintedOrCompact() {
        assertTrue(CreditorReference.isValid("RF18 5390 0754 7034"));
        assertTrue(CreditorReference.isValid("RF18539007547034"));
        assertTrue(CreditorReference.isValid("rf18539007547034"));
    }

    @Test
    void wrongCheckDigitsOrShapeAreNotAReference() {
        assertFalse(CreditorReference.isValid("RF19 5390 0754 7034"));
        assertFalse(CreditorReference.isValid("RF18 5390 0754 7035"));
        assertFalse(CreditorReference.isValid("RF1"));
        assertFalse(CreditorReference.isValid(null));
    }

    @Test
    void aReferenceInRemittanceTextIsFoundCompactAndOnlyWhenItsCheckDigitsHold() {
        assertEquals(Optional.of("RF18539007547034"),
                CreditorReference.findIn("Rechnung 2026-0042 RF18 5390 0754 7034 Danke"));
        assertEquals(Optional.of("RF18539007547034"), CreditorReference.findIn("ref:RF18539007547034"));
        assertEquals(Optional.empty(), CreditorReference.findIn("Rechnung RF19 5390 0754 7034"));
        assertEquals(Optional.empty(), CreditorReference.findIn("INTERFACE RF18 costs"));
    }

    @Test
    void aReturnReasonIsAnIsoCodeStandingAsAWord() {
        assertEquals(Optional.of("AC04"), CreditorReference.returnReasonIn("RETOURE AC04 KONTO AUFGELOEST"));
        assertEquals(Optional.of("MD06"), CreditorReference.returnReasonIn("Rueckgabe MD06"));
        assertEquals(Optional.empty(), CreditorReference.returnReasonIn("INVOICE AC041 PAID"));
    }
}
