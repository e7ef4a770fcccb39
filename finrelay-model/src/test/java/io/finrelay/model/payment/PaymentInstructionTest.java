package io.finrelay.model.payment;

import static io.finrelay.model.Fixtures.ACME_ACCOUNT;
import static io.finrelay.model.Fixtures.ERIKA;
import static io.finrelay.model.Fixtures.ERIKA_ACCOUNT;
import static io.finrelay.model.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.PaymentInstructionId;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentInstructionTest {
    private static final PaymentInstructionId ID = PaymentInstructionId.of("3a6d9c2f-5e8b-4b1d-a4e7-0f3c6a9d2e51");

    static PaymentInstruction instruction(String amount, String endToEndId, String remittance) {
        return new PaymentInstruction(ID, TENANT, ACME_ACCOUNT, "Erika Mustermann", ERIKA_ACCOUNT, Money.of(amount, "EUR"),
                LocalDate.of(2025, 4, 2), endToEndId, remittance, Optional.of(CreditorReference.of("RF18 5390 0754 7034")));
    }

    @Test
    void aRealisticInstructionConstructs() {
        PaymentInstruction payment = instruction("502.35", "REIMB-2025-03-0042", "Expense report 2025-03");
        assertThat(payment.creditorReference()).contains(CreditorReference.of("RF18539007547034"));
        assertThat(payment.toString()).doesNotContain("370400440532013000");
    }

    @Test
    void amountMustBePositive() {
        assertThatThrownBy(() -> instruction("0.00", "E2E-1", ""))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("amount"));
        assertThatThrownBy(() -> instruction("-1.00", "E2E-1", "")).isInstanceOf(ValidationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "/E2E", "E2E/", "E2E//1", "E2E_1", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"})
    void endToEndIdFollowsSepaRules(String bad) {
        assertThatThrownBy(() -> instruction("10.00", bad, ""))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("endToEndId"));
    }

    @Test
    void remittanceInformationIsAtMost140Characters() {
        instruction("10.00", "E2E-1", "x".repeat(140));
        assertThatThrownBy(() -> instruction("10.00", "E2E-1", "x".repeat(141)))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("remittanceInformation"));
    }

    @Test
    void creditorReferencesAreCheckedWithMod97() {
        assertThat(CreditorReference.of("rf51 inv2 0250 0012 3").value()).isEqualTo("RF51INV2025000123");
        assertThatThrownBy(() -> CreditorReference.of("RF19539007547034")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("mod-97");
        assertThatThrownBy(() -> CreditorReference.of("XY18539007547034")).isInstanceOf(ValidationException.class);
    }
}
