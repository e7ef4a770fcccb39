package io.finrelay.engine.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.id.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FieldSealerTest {
    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c2a9e-4b7d-4e0a-9c3b-2d5e8f7a1b04"));

    /** Reversible and visibly different, with the tenant inside, so a test sees where and for whom it sealed. */
    private static final FieldSealer SEALER = new FieldSealer() {
        @Override
        public Set<String> fields() {
            return Set.of("iban");
        }

        @Override
        public String seal(TenantId tenant, String field, String value) {
            return "sealed:" + Base64.getEncoder().encodeToString((tenant.value() + "|" + value).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String open(TenantId tenant, String field, String value) {
            String plain = new String(Base64.getDecoder().decode(value.substring(7)), StandardCharsets.UTF_8);
            assertThat(plain).startsWith(tenant.value() + "|");
            return plain.substring(plain.indexOf('|') + 1);
        }

        @Override
        public boolean isSealed(String value) {
            return value.startsWith("sealed:");
        }
    };

    @Test
    void everyIbanInAStateIsSealedWhereverItSitsAndOpensBackToTheSameDocument() {
        String state = """
                {"reportId":"EXP-2026-0417","booking":{"payee":{"name":"Mara Keller","iban":"DE89370400440532013000"}},
                 "payments":[{"iban":"CH9300762011623852957","amount":"412.80"}],"note":"iban"}""";
        String sealed = SEALER.sealJson(ACME, state);
        assertThat(sealed).doesNotContain("DE89370400440532013000").doesNotContain("CH9300762011623852957")
                .contains("\"reportId\":\"EXP-2026-0417\"", "\"amount\":\"412.80\"", "\"note\":\"iban\"");
        assertThat(Json.read(SEALER.openJson(ACME, sealed), com.fasterxml.jackson.databind.JsonNode.class))
                .isEqualTo(Json.read(state, com.fasterxml.jackson.databind.JsonNode.class));
    }

    @Test
    void aSealedValueIsNotSealedTwiceAndADocumentWithoutTheFieldIsLeftAsItIs() {
        String once = SEALER.sealJson(ACME, "{\"iban\":\"DE89370400440532013000\"}");
        assertThat(SEALER.sealJson(ACME, once)).isEqualTo(once);
        String journal = "{\"lines\": [{\"account\": \"6650\", \"amount\": \"86.40\"}]}";
        assertThat(SEALER.sealJson(ACME, journal)).isSameAs(journal);
        assertThat(FieldSealer.NONE.sealJson(ACME, "{\"iban\":\"DE89370400440532013000\"}"))
                .isEqualTo("{\"iban\":\"DE89370400440532013000\"}");
    }
}
