package io.finrelay.server.masterdata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BankDetailsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anIbanKeepsCountryCheckDigitsAndLastFourOnly() {
        assertThat(BankDetails.mask("DE89370400440532013000")).isEqualTo("DE89**************3000");
        assertThat(BankDetails.mask("CH9300762011623852957")).isEqualTo("CH93*************2957");
    }

    @Test
    void maskingCopiesTheDocumentAndLeavesRecordsWithoutAnAccountAlone() throws Exception {
        JsonNode employee = JSON.readTree("{\"name\":\"Erika Mustermann\",\"bankAccount\":{\"iban\":\"DE89370400440532013000\","
                + "\"holderName\":\"Erika Mustermann\"}}");
        JsonNode masked = BankDetails.masked(employee);
        assertThat(masked.get("bankAccount").get("iban").asText()).isEqualTo("DE89**************3000");
        assertThat(masked.get("bankAccount").get("holderName").asText()).isEqualTo("Erika Mustermann");
        assertThat(employee.get("bankAccount").get("iban").asText()).as("the stored document is untouched")
                .isEqualTo("DE89370400440532013000");
        JsonNode costCenter = JSON.readTree("{\"code\":\"CC-4100\",\"name\":\"Field Sales DACH\"}");
        assertThat(BankDetails.masked(costCenter)).isSameAs(costCenter);
    }
}
