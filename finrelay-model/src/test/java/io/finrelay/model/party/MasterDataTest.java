package io.finrelay.model.party;

import static io.finrelay.model.Fixtures.ACME_GMBH;
import static io.finrelay.model.Fixtures.ERIKA;
import static io.finrelay.model.Fixtures.ERIKA_ACCOUNT;
import static io.finrelay.model.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.CustomerId;
import io.finrelay.model.id.EmployeeId;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.ledger.AccountType;
import io.finrelay.model.ledger.GlAccount;
import io.finrelay.model.treasury.CashPosition;
import io.finrelay.model.bank.Iban;
import java.time.Instant;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MasterDataTest {
    @Test
    void legalEntityNeedsARealCountryAndAMoneyCurrency() {
        new LegalEntity(ACME_GMBH, TENANT, "ACME Logistik GmbH", "DE", Currency.getInstance("EUR"));
        new LegalEntity(ACME_GMBH, TENANT, "ACME Kosovo SH.P.K.", "XK", Currency.getInstance("EUR"));
        assertThatThrownBy(() -> new LegalEntity(ACME_GMBH, TENANT, "ACME", "de", Currency.getInstance("EUR")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("country"));
        assertThatThrownBy(() -> new LegalEntity(ACME_GMBH, TENANT, "ACME", "DE", Currency.getInstance("XAU")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("functionalCurrency"));
        assertThatThrownBy(() -> new LegalEntity(ACME_GMBH, null, "ACME", "DE", Currency.getInstance("EUR")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("tenantId"));
    }

    @Test
    void employeeNeedsAnEmailAddress() {
        new Employee(ERIKA, TENANT, ACME_GMBH, "Erika Mustermann", "erika.mustermann@acme-logistik.de", true, ERIKA_ACCOUNT);
        assertThatThrownBy(() -> new Employee(ERIKA, TENANT, ACME_GMBH, "Erika Mustermann", "erika at acme", true, ERIKA_ACCOUNT))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("email"));
    }

    @Test
    void customerCreditLimitIsNotNegative() {
        CustomerId id = CustomerId.of("7b0e3a6d-9c2f-4e5b-a8d1-4c7f0a3e6b92");
        new Customer(id, TENANT, ACME_GMBH, "Nordlicht Handel AG", "CH", Money.of("0.00", "CHF"), true);
        assertThatThrownBy(() -> new Customer(id, TENANT, ACME_GMBH, "Nordlicht Handel AG", "CH", Money.of("-1.00", "CHF"), true))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("creditLimit"));
    }

    @Test
    void glAccountCodesHaveAShape() {
        new GlAccount(TENANT, AccountCode.of("4000-100"), "Revenue domestic", AccountType.INCOME, ACME_GMBH, true);
        assertThatThrownBy(() -> AccountCode.of("-4000")).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("accountCode"));
        assertThatThrownBy(() -> AccountCode.of("")).isInstanceOf(ValidationException.class);
    }

    @Test
    void idsParseOnlyCanonicalUuids() {
        assertThat(TenantId.of("6F1C2A9E-4B7D-4E0A-9C3B-2D5E8F7A1B04")).isEqualTo(TENANT);
        assertThat(TENANT).hasToString("6f1c2a9e-4b7d-4e0a-9c3b-2d5e8f7a1b04");
        assertThatThrownBy(() -> EmployeeId.of("1-2-3-4-5")).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("employeeId"));
    }

    @Test
    void cashPositionAmountsAreInTheAccountCurrency() {
        Iban account = Iban.of("DE75512108001245126199");
        Currency eur = Currency.getInstance("EUR");
        Instant asOf = Instant.parse("2025-03-31T16:00:00Z");
        CashPosition position = new CashPosition(TENANT, ACME_GMBH, account, eur, asOf,
                Money.of("-1250.00", "EUR"), Money.of("48750.00", "EUR"));
        assertThat(position.booked().isNegative()).isTrue();
        assertThatThrownBy(() -> new CashPosition(TENANT, ACME_GMBH, account, eur, asOf,
                Money.of("10.00", "EUR"), Money.of("10.00", "USD")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("available"));
    }
}
