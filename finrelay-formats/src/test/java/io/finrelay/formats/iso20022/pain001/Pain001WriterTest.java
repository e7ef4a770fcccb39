package io.finrelay.formats.iso20022.pain001;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.formats.Golden;
import io.finrelay.formats.Payments;
import io.finrelay.model.ValidationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Pain001WriterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-14T09:30:00Z"), ZoneOffset.ofHours(1));

    private static Pain001File write(Pain001Version version) {
        return new Pain001Writer(version, CLOCK).write("FR-20240314-0001", "Finrelay Demo GmbH", Payments.mixed());
    }

    @ParameterizedTest
    @EnumSource(Pain001Version.class)
    void writesTheGoldenMessage(Pain001Version version) {
        String xml = new String(write(version).content(), StandardCharsets.UTF_8);
        Golden.assertGolden("own/pain001-" + version.id() + ".xml", xml);
    }

    @ParameterizedTest
    @EnumSource(Pain001Version.class)
    void outputIsValidAgainstTheOfficialXsdOfItsVersion(Pain001Version version) throws Exception {
        var factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        var schema = factory.newSchema(Golden.RESOURCES.resolve("../../main/resources/io/finrelay/formats/iso20022/xsd/"
                + version.id() + ".xsd").toFile());
        schema.newValidator().validate(new StreamSource(new ByteArrayInputStream(write(version).content())));
    }

    @Test
    void groupsByDebtorAccountCurrencyAndExecutionDate() {
        Pain001File file = write(Pain001Version.V09);
        assertThat(file.batches()).extracting(b -> b.paymentInformationId() + " " + b.debtorIban().value() + " " + b.currency()
                + " " + b.executionDate() + " sepa=" + b.sepa() + " " + b.controlSum() + " n=" + b.payments().size())
                .containsExactly(
                        "FR-20240314-0001-1 DE89370400440532013000 EUR 2024-03-15 sepa=false EUR 42.00 n=1",
                        "FR-20240314-0001-2 DE89370400440532013000 EUR 2024-03-15 sepa=true EUR 370.00 n=2",
                        "FR-20240314-0001-3 DE89370400440532013000 USD 2024-03-15 sepa=false USD 1000.00 n=1",
                        "FR-20240314-0001-4 NL91ABNA0417164300 EUR 2024-03-15 sepa=true EUR 180.00 n=1",
                        "FR-20240314-0001-5 DE89370400440532013000 EUR 2024-03-16 sepa=true EUR 99.99 n=1");
        assertThat(file.numberOfTransactions()).isEqualTo(6);
    }

    @Test
    void sepaBatchesUseTheSepaCharacterSetAndServiceLevel() {
        String xml = new String(write(Pain001Version.V03).content(), StandardCharsets.UTF_8);
        assertThat(xml).contains("<Nm>Oresund AEro ApS</Nm>", "<Ustrd>Faktura 88 - marts</Ustrd>",
                "<Cd>SEPA</Cd>", "<ChrgBr>SLEV</ChrgBr>", "<Nm>Finrelay Demo B.V.</Nm>");
        // the batch that pays Turkey is not SEPA: names stay as they are, charges shared
        assertThat(xml).contains("<Nm>Çelik Ödeme A.Ş.</Nm>", "<ChrgBr>SHAR</ChrgBr>");
    }

    @Test
    void structuredCreditorReferenceReplacesFreeTextInSepa() {
        var p = Payments.payment(9, Payments.OUR_EUR, "Zoë", Payments.OUR_SECOND, "1.00", "EUR", Payments.DAY,
                "free text", "RF18539007547034");
        String xml = new String(new Pain001Writer(Pain001Version.V09, CLOCK).write("M1", "X", List.of(p)).content(),
                StandardCharsets.UTF_8);
        assertThat(xml).contains("<Ref>RF18539007547034</Ref>").doesNotContain("free text");
    }

    @Test
    void refusesAMessageIdThatCannotCarryBatchIds() {
        var writer = new Pain001Writer(Pain001Version.V03, CLOCK);
        assertThatThrownBy(() -> writer.write("X".repeat(31), "X", Payments.mixed())).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> writer.write("M 1", "X", Payments.mixed())).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> writer.write("M1", "X", List.of())).isInstanceOf(ValidationException.class);
    }
}
