package io.finrelay.formats;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ISO 20022 files we wrote ourselves are valid against the official XSD of their version. */
class OwnSamplesSchemaTest {

    static Stream<String> ownXml() {
        return Stream.of("own/camt", "own/pain002").flatMap(f -> Golden.files(f).stream()).filter(f -> f.endsWith(".xml"));
    }

    @ParameterizedTest
    @MethodSource("ownXml")
    void isSchemaValid(String sample) throws Exception {
        String text = new String(Golden.bytes(sample), java.nio.charset.StandardCharsets.UTF_8);
        int at = text.indexOf("urn:iso:std:iso:20022:tech:xsd:") + "urn:iso:std:iso:20022:tech:xsd:".length();
        String version = text.substring(at, text.indexOf('"', at));
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        var schema = factory.newSchema(Golden.RESOURCES.resolve("iso20022-xsd/" + version + ".xsd").toFile());
        assertThatCode(() -> schema.newValidator().validate(new StreamSource(Golden.open(sample))))
                .as(sample).doesNotThrowAnyException();
    }
}
