package io.finrelay.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.formats.bai2.Bai2Reader;
import io.finrelay.formats.iso20022.camt.CamtMessage;
import io.finrelay.formats.iso20022.camt.CamtReader;
import io.finrelay.formats.iso20022.pain002.Pain002Reader;
import io.finrelay.formats.mt940.Mt940Reader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Malformed, truncated, wrong-version, oversized and hostile files are refused with file, line and element. */
class HostileInputTest {
    private static final String CAMT = "own/camt/finrelay-camt053-v02-features.xml";

    private static AbstractThrowableAssert<?, ? extends Throwable> camt(String text) {
        return assertThatThrownBy(() -> CamtReader.any().readAll("bad.xml",
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))).isInstanceOf(FormatException.class);
    }

    private static String valid() {
        return new String(Golden.bytes(CAMT), StandardCharsets.UTF_8);
    }

    @Test
    void externalEntityIsRefusedBeforeAnythingIsFetched() {
        camt("<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><GrpHdr><MsgId>&x;</MsgId>"
                + "</GrpHdr></BkToCstmrStmt></Document>")
                .hasMessageContaining("bad.xml, line 2").hasMessageContaining("DOCTYPE");
    }

    @Test
    void entityExpansionBombIsRefused() {
        String bomb = new String(Golden.bytes("fuzz-crashers/samples-camt053__billion-laughs"), StandardCharsets.UTF_8);
        camt(bomb).hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> new Pain002Reader().read("bomb.xml", new ByteArrayInputStream(
                bomb.replace("camt.053.001.02", "pain.002.001.03").getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(FormatException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void predefinedEntitiesAndCharacterReferencesInNamesAreRead() throws Exception {
        // "GmbH & Co. KG" must be written &amp; in XML; a German bank's camt carries it in every other name.
        String text = valid().replaceFirst("<Nm>[^<]*</Nm>", "<Nm>M&#252;ller Maschinenbau GmbH &amp; Co. KG &lt;Werk 2&gt;</Nm>");
        var statements = CamtReader.any().readAll("ok.xml", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(statements.toString()).contains("Müller Maschinenbau GmbH & Co. KG <Werk 2>");
    }

    @Test
    void truncatedFileNamesTheLineAndOpenElement() {
        String text = valid();
        String cut = text.substring(0, text.indexOf("<NtryRef>3</NtryRef>") + 12);
        camt(cut).satisfies(e -> {
            FormatException f = (FormatException) e;
            assertThat(f.line()).isGreaterThan(90);
            assertThat(f.element()).startsWith("/Document/BkToCstmrStmt/Stmt/Ntry");
        });
    }

    @Test
    void wrongVersionAndWrongMessageAreRefused() {
        camt(valid().replace("camt.053.001.02", "camt.053.001.13")).hasMessageContaining("camt.053.001.13 is not supported");
        camt(valid().replace("camt.053.001.02", "pain.001.001.03")).hasMessageContaining("is not a camt.052, camt.053 or camt.054");
        assertThatThrownBy(() -> CamtReader.of(CamtMessage.CAMT_054).readAll("x.xml", Golden.open(CAMT)))
                .isInstanceOf(FormatException.class).hasMessageContaining("expected a camt.054 message, the file is camt.053");
    }

    @Test
    void oversizedFileIsRefusedWhileStreaming() {
        assertThatThrownBy(() -> CamtReader.any().withMaxBytes(4096).readAll("big.xml", Golden.open(CAMT)))
                .isInstanceOf(FormatException.class).hasMessageContaining("larger than the limit of 4096 bytes");
    }

    @Test
    void brokenValuesNameTheirElement() {
        camt(valid().replace("<Amt Ccy=\"EUR\">250.00</Amt>", "<Amt Ccy=\"EUR\">250,00</Amt>"))
                .hasMessageContaining("/Document/BkToCstmrStmt/Stmt/Ntry/Amt").hasMessageContaining("'250,00' is not a decimal");
        camt(valid().replace("<Amt Ccy=\"EUR\">85.00</Amt>", "<Amt Ccy=\"EUR\">85.001</Amt>"))
                .hasMessageContaining("more decimals than EUR allows");
        camt(valid().replace("<Amt Ccy=\"EUR\">2.50</Amt>", "<Amt Ccy=\"XYZ\">2.50</Amt>")).hasMessageContaining("ISO 4217");
        camt(valid().replace("<Dt>2024-03-15</Dt></BookgDt>", "<Dt>2024-02-30</Dt></BookgDt>")).hasMessageContaining("not an ISO date");
        camt("not xml at all").hasMessageContaining("bad.xml");
    }

    @Test
    void mt940AndBai2RefuseTruncatedAndForeignFiles() {
        byte[] mt = Golden.bytes("own/mt940/finrelay-mt940-yearend.sta");
        String mtText = new String(mt, StandardCharsets.UTF_8);
        byte[] cut = mtText.substring(0, mtText.indexOf(":62F:")).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new Mt940Reader().readAll("cut.sta", new ByteArrayInputStream(cut)))
                .isInstanceOf(FormatException.class).hasMessageContaining("no closing balance");
        assertThatThrownBy(() -> new Mt940Reader().readAll("x.sta", Golden.open(CAMT)))
                .isInstanceOf(FormatException.class).hasMessageContaining("x.sta, line 1");
        byte[] bai = Golden.bytes("own/bai2/finrelay-bai2-features.txt");
        String baiText = new String(bai, StandardCharsets.UTF_8);
        byte[] baiCut = baiText.substring(0, baiText.lastIndexOf("\n99,") + 1).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new Bai2Reader().readAll("cut.bai", new ByteArrayInputStream(baiCut)))
                .isInstanceOf(FormatException.class).hasMessageContaining("99 record").hasMessageContaining("truncated");
        byte[] version3 = new String(bai, StandardCharsets.UTF_8).replace(",,,2/", ",,,3/").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new Bai2Reader().readAll("v3.bai", new ByteArrayInputStream(version3)))
                .isInstanceOf(FormatException.class).hasMessageContaining("v3.bai, line 1, at 01 record: version '3'");
    }
}
