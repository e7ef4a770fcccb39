package io.finrelay.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.formats.bai2.Bai2Reader;
import io.finrelay.formats.iso20022.camt.CamtReader;
import io.finrelay.formats.mt940.Mt940Reader;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.BankStatementLine.ReturnDetails;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SEPA fields and return details every reader fills, on our own files (see SOURCES.md): what
 * reconciliation relies on, named rule by rule. The golden files hold the full output.
 */
class StatementLineDetailsTest {

    private static List<BankStatementLine> lines(StatementReader reader, String sample) throws IOException {
        try (InputStream in = Golden.open(sample)) {
            return reader.readAll(sample, in).statements().stream().flatMap(s -> s.lines().stream()).toList();
        }
    }

    @Test
    void camtReturnOfOurCreditTransferNamesReasonAndOriginalReferences() throws IOException {
        BankStatementLine line = lines(CamtReader.any(), "own/camt/finrelay-camt053-v08-returns.xml").get(0);
        assertThat(line.isReturn()).isTrue();
        assertThat(line.returnDetails()).isEqualTo(new ReturnDetails("AC04", "KONTO AUFGELOEST", "EXP-2024-0417",
                "6f1c2b7e9d4a4c1f8b3e2a5d7c9e0f12"));
        // the bank lists the original parties: we were the debtor, so the counterparty is the creditor
        assertThat(line.counterpartyName()).isEqualTo("Jonas Becker");
        assertThat(line.counterpartyAccount()).isEqualTo("DE12500105170648489890");
        assertThat(line.customerReference()).isEqualTo("6f1c2b7e9d4a4c1f8b3e2a5d7c9e0f12");
    }

    @Test
    void camtCreditCarriesTheUltimateDebtorAndAnRfReferenceFromFreeText() throws IOException {
        List<BankStatementLine> lines = lines(CamtReader.any(), "own/camt/finrelay-camt053-v08-returns.xml");
        assertThat(lines.get(1).ultimateCounterparty()).isEqualTo("Nordlicht Handels KG");
        assertThat(lines.get(1).creditorReference()).isEqualTo("RF18539007547034");
        assertThat(lines.get(1).isReturn()).isFalse();
        assertThat(lines.get(2).creditorReference()).as("RF19... has wrong check digits").isNull();
    }

    @Test
    void camtDirectDebitCollectedFromUsNamesMandateCreditorIdAndUltimateCreditor() throws IOException {
        BankStatementLine line = lines(CamtReader.any(), "own/camt/finrelay-camt053-v08-returns.xml").get(3);
        assertThat(line.mandateReference()).isEqualTo("SWM-4711-2021");
        assertThat(line.creditorId()).isEqualTo("DE98ZZZ09999999999");
        assertThat(line.ultimateCounterparty()).isEqualTo("Stadtwerke Musterstadt Netz GmbH");
        assertThat(line.isReturn()).isFalse();
    }

    @Test
    void camt054DirectDebitReturnedOnTheDebtorsRequestIsAnMd06Return() throws IOException {
        List<BankStatementLine> lines = lines(CamtReader.any(), "own/camt/finrelay-camt054-v02-dd-returns.xml");
        BankStatementLine md06 = lines.get(0);
        assertThat(md06.returnDetails()).isEqualTo(new ReturnDetails("MD06",
                "Rueckgabe auf Verlangen des Zahlungspflichtigen", "SUB-2024-03-0042", "c0ffee0042a14b5e9a2f7d1e3b5c8a90"));
        assertThat(md06.mandateReference()).isEqualTo("FR-MNDT-2023-0042");
        assertThat(md06.creditorId()).isEqualTo("DE13ZZZ00000012345");
        // our own account is the creditor side: the counterparty is the debtor
        assertThat(md06.counterpartyName()).isEqualTo("Hofmann Bäckerei OHG");
        assertThat(md06.ultimateCounterparty()).isEqualTo("Hofmann Filiale Altstadt");
        assertThat(md06.additionalInfo()).isEqualTo("SEPA-LASTSCHRIFT RUECKBELASTUNG");
        assertThat(lines.get(1).returnDetails().reasonCode()).as("the ISO code inside proprietary words").isEqualTo("MS03");
        assertThat(lines.get(1).returnDetails().reasonText()).isEqualTo("MS03 SONSTIGE GRUENDE");
    }

    @Test
    void mt940SepaKeywordsInSubfieldsAreSplitIntoFields() throws IOException {
        List<BankStatementLine> lines = lines(new Mt940Reader(), "own/mt940/finrelay-mt940-sepa-returns.sta");
        BankStatementLine credit = lines.get(0);
        assertThat(credit.endToEndId()).isEqualTo("NLH-2024-03-0311");
        assertThat(credit.customerReference()).isEqualTo("NLH-PAYRUN-0405");
        assertThat(credit.ultimateCounterparty()).isEqualTo("Nordlicht Handels KG");
        assertThat(credit.creditorReference()).as("RF reference wrapped across ?22/?23").isEqualTo("RF18539007547034");
        BankStatementLine debit = lines.get(1);
        assertThat(debit.mandateReference()).isEqualTo("SWM-4711-2021");
        assertThat(debit.creditorId()).isEqualTo("DE98ZZZ09999999999");
        assertThat(debit.ultimateCounterparty()).isEqualTo("Stadtwerke Musterstadt Netz GmbH");
        assertThat(debit.remittanceText()).isEqualTo("Abschlag Strom April Vertragskonto 4711");
    }

    @Test
    void mt940SepaKeywordsInFreeTextAreReadToo() throws IOException {
        BankStatementLine line = lines(new Mt940Reader(), "own/mt940/finrelay-mt940-sepa-returns.sta").get(3);
        assertThat(line.endToEndId()).isEqualTo("NLH-2024-03-0312");
        assertThat(line.customerReference()).isEqualTo("NLH-PAYRUN-0405");
        assertThat(line.remittanceText()).isEqualTo("Rechnung 2024-0312 RF19 5390 0754 7034");
        assertThat(line.counterpartyAccount()).isEqualTo("DE75512108001245126199");
        assertThat(line.counterpartyBic()).isEqualTo("HASPDEHHXXX");
        assertThat(line.ultimateCounterparty()).isEqualTo("Nordlicht Handels KG");
        assertThat(line.counterpartyName()).as("the ultimate debtor is not the account holder").isNull();
        assertThat(line.creditorReference()).as("wrong check digits").isNull();
    }

    @Test
    void mt940ReturnsAreRecognisedByCodeWordsOrReasonAndAPurchaseRefundIsNot() throws IOException {
        List<BankStatementLine> lines = lines(new Mt940Reader(), "own/mt940/finrelay-mt940-sepa-returns.sta");
        assertThat(lines.get(2).returnDetails()).as("GVC 159 with AC04 in SVWZ, BREF+ the instruction")
                .isEqualTo(new ReturnDetails("AC04", "SEPA-UEBERW. RETOURE", "EXP-2024-0417", "6f1c2b7e9d4a4c1f8b3e2a5d7c9e0f12"));
        assertThat(lines.get(4).returnDetails()).as("GVC 109 charge-back, reason only as DK key")
                .isEqualTo(new ReturnDetails(null, "SEPA-LS RUECKBELASTUNG CORE (DK return key 912)", "SUB-2024-03-0042", null));
        assertThat(lines.get(5).returnDetails().reasonCode()).as("free text: SVWZ+RETURN AC01").isEqualTo("AC01");
        assertThat(lines.get(5).returnDetails().originalEndToEndId()).isEqualTo("EXP-2024-0420");
        assertThat(lines.get(6).isReturn()).as("'Erstattung Retoure Bestellung' is a customer's refund").isFalse();
        assertThat(lines.get(0).isReturn()).isFalse();
    }

    @Test
    void bai2ReturnTypeCodesAreReturnsWithNachaReasonsMappedWhereIsoHasTheSame() throws IOException {
        List<BankStatementLine> lines = lines(new Bai2Reader(), "own/bai2/finrelay-bai2-returns.txt");
        assertThat(lines.get(0).isReturn()).isFalse();
        assertThat(lines.get(0).creditorReference()).isEqualTo("RF18539007547034");
        assertThat(lines.get(1).returnDetails()).as("555 deposited item returned, R01")
                .isEqualTo(new ReturnDetails("AM04", "DEPOSITED ITEM RETURNED CHECK 1017 R01 INSUFFICIENT FUNDS", null,
                        "DEP-0402-0017"));
        ReturnDetails r03 = lines.get(2).returnDetails();
        assertThat(r03.reasonCode()).as("R03 has no exact ISO counterpart").isNull();
        assertThat(r03.reasonText()).contains("R03 NO ACCOUNT");
        assertThat(r03.originalEndToEndId()).isEqualTo("EXP-2024-0417");
        assertThat(lines.get(3).returnDetails().reasonCode()).isEqualTo("AC06");
        assertThat(lines.get(3).returnDetails().originalPaymentId()).as("no customer reference given").isNull();
    }
}
