package io.finrelay.model.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.model.ValidationException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IbanTest {
    static final String[] VALID = {
        "DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606",
        "NL91ABNA0417164300", "CH9300762011623852957", "NO9386011117947",
        "BE68539007547034", "AT611904300234573201", "ES9121000418450200051332", "IT60X0542811101000000123456",
        "PL61109010140000071219812874", "SA0380000000608010167519", "BR1800360305000010009795493C1",
    };

    @ParameterizedTest
    @ValueSource(strings = {
        "DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606",
        "NL91ABNA0417164300", "CH9300762011623852957", "NO9386011117947",
        "BE68539007547034", "AT611904300234573201", "ES9121000418450200051332",
        "IT60X0542811101000000123456", "PL61109010140000071219812874", "SA0380000000608010167519",
        "BR1800360305000010009795493C1"})
    void acceptsValidIbansFromSeveralCountries(String text) {
        Iban iban = Iban.of(text);
        assertThat(iban.value()).isEqualTo(text);
        assertThat(iban.country()).isEqualTo(text.substring(0, 2));
        assertThat(Iban.isValid(text)).isTrue();
    }

    @Example
    void normalisesSpacesAndCase() {
        assertThat(Iban.of(" de89 3704 0044 0532 0130 00 ").value()).isEqualTo("DE89370400440532013000");
        assertThat(Iban.of("fr14 2004 1010 0505 0001 3m02 606")).isEqualTo(Iban.of("FR1420041010050500013M02606"));
        assertThat(Iban.of("DE89\u00A03704\u00A00044\u00A00532\u00A00130\u00A000").value()).isEqualTo("DE89370400440532013000");
        assertThat(Iban.of("DE89370400440532013000").formatted()).isEqualTo("DE89 3704 0044 0532 0130 00");
    }

    @Example
    void refusesWrongCheckDigitsInPlainWords() {
        assertThatThrownBy(() -> Iban.of("DE88370400440532013000"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("iban");
                    assertThat(e.reason()).isEqualTo("IBAN check digits do not match (mod-97)");
                });
        assertThatThrownBy(() -> Iban.of("GB82WEST12345698765433")).isInstanceOf(ValidationException.class);
    }

    @Example
    void refusesCheckDigitsIsoNeverIssuesEvenWhenMod97Agrees() {
        // Check digits c and c+97 give the same remainder: 97 aliases 00, 98 aliases 01, 02 aliases 99.
        // ISO 13616 only issues 02..98, so the aliases must be refused although mod-97 says 1.
        for (int account = 0; account < 10_000; account++) {
            String bban = "37040044" + String.format("%010d", account);
            String check = withCheckDigits("DE", bban).checkDigits();
            String alias = switch (check) {
                case "97" -> "00";
                case "98" -> "01";
                case "02" -> "99";
                default -> null;
            };
            if (alias != null) {
                String aliased = "DE" + alias + bban;
                assertThat(Iban.mod97(aliased)).isEqualTo(1);
                assertThatThrownBy(() -> Iban.of(aliased)).isInstanceOf(ValidationException.class);
                return;
            }
        }
        throw new AssertionError("no aliasing account found");
    }

    @Example
    void refusesWrongLengthForTheCountry() {
        assertThatThrownBy(() -> Iban.of("DE8937040044053201300"))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.reason()).contains("DE").contains("22"));
        assertThatThrownBy(() -> Iban.of("NL91ABNA04171643001")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("18");
    }

    @Example
    void refusesCountriesWithoutIbans() {
        assertThatThrownBy(() -> Iban.of("US12345678901234567890"))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo("country US does not issue IBANs"));
        assertThatThrownBy(() -> Iban.of("ZZ89370400440532013000")).isInstanceOf(ValidationException.class);
    }

    @Example
    void refusesOtherShapes() {
        assertThatThrownBy(() -> Iban.of("DE89-3704-0044-0532-0130-00")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Iban.of("8937040044053201300DE")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Iban.of("")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> Iban.of(null)).isInstanceOf(ValidationException.class);
    }

    @Example
    void masksAllButFirstAndLastFour() {
        Iban iban = Iban.of("DE89370400440532013000");
        assertThat(iban.masked()).isEqualTo("DE89 **** **** **** **30 00");
        assertThat(iban).hasToString("DE89 **** **** **** **30 00");
        assertThat(Iban.of("NO9386011117947").masked()).isEqualTo("NO93 **** ***7 947");
        assertThat(BankAccount.of(iban, "Erika Mustermann").toString()).doesNotContain("0532013");
    }

    @Example
    void errorMessagesDoNotLeakTheAccountNumber() {
        assertThatThrownBy(() -> Iban.of("DE88370400440532013000")).hasMessageNotContaining("0532013");
    }

    @Example
    void registryCoversTheSwiftList() {
        assertThat(IbanRegistry.size()).isEqualTo(89);
        assertThat(IbanRegistry.length("LC")).isEqualTo(32);
        assertThat(IbanRegistry.length("RU")).isEqualTo(33);
    }

    @Provide
    Arbitrary<String> validIbans() {
        return Arbitraries.of(VALID);
    }

    @Property
    void anySingleDigitChangeIsDetected(@ForAll("validIbans") String valid,
            @ForAll @IntRange(min = 2, max = 40) int positionSeed, @ForAll @IntRange(min = 1, max = 9) int delta) {
        // Change one digit (position 2 onwards: check digits or BBAN) to another digit.
        int[] digitPositions = java.util.stream.IntStream.range(2, valid.length())
                .filter(i -> Character.isDigit(valid.charAt(i))).toArray();
        int position = digitPositions[positionSeed % digitPositions.length];
        char original = valid.charAt(position);
        char changed = (char) ('0' + (original - '0' + delta) % 10);
        String mutated = valid.substring(0, position) + changed + valid.substring(position + 1);
        assertThat(Iban.isValid(mutated)).as(mutated).isFalse();
    }

    @Provide
    Arbitrary<Iban> generatedIbans() {
        Arbitrary<String> country = Arbitraries.of("DE", "FR", "GB", "NO", "LC", "MT", "BE");
        return country.flatMap(c -> Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                .ofLength(IbanRegistry.length(c) - 4)
                .map(bban -> withCheckDigits(c, bban)));
    }

    @Property
    void maskingNeverExposesMoreThanFourPlusFour(@ForAll("generatedIbans") Iban iban) {
        String masked = iban.masked().replace(" ", "");
        assertThat(masked).hasSize(iban.value().length());
        long visible = masked.chars().filter(ch -> ch != '*').count();
        assertThat(visible).isEqualTo(8);
        assertThat(masked).startsWith(iban.value().substring(0, 4)).endsWith(iban.value().substring(iban.value().length() - 4));
        assertThat(iban.toString()).isEqualTo(iban.masked());
    }

    @Property
    void generatedIbansRoundTripThroughTheirPrintForm(@ForAll("generatedIbans") Iban iban) {
        assertThat(Iban.of(iban.formatted().toLowerCase(java.util.Locale.ROOT))).isEqualTo(iban);
    }

    static Iban withCheckDigits(String country, String bban) {
        int check = 98 - Iban.mod97(country + "00" + bban);
        return Iban.of(country + String.format("%02d", check) + bban);
    }

}
