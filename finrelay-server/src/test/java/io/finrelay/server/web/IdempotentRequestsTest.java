package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class IdempotentRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void keyOrderDoesNotChangeTheCanonicalForm() throws Exception {
        String a = IdempotentRequests.canonical(JSON.readTree("{\"b\":1,\"a\":{\"y\":[1,{\"q\":2,\"p\":1}],\"x\":\"s\"}}"));
        String b = IdempotentRequests.canonical(JSON.readTree("{\"a\":{\"x\":\"s\",\"y\":[1,{\"p\":1,\"q\":2}]},\"b\":1}"));
        assertThat(a).isEqualTo(b).isEqualTo("{\"a\":{\"x\":\"s\",\"y\":[1,{\"p\":1,\"q\":2}]},\"b\":1}");
    }

    @Test
    void arrayOrderAndValuesDo() throws Exception {
        assertThat(IdempotentRequests.canonical(JSON.readTree("[1,2]")))
                .isNotEqualTo(IdempotentRequests.canonical(JSON.readTree("[2,1]")));
        assertThat(IdempotentRequests.canonical(JSON.readTree("{\"a\":\"1.50\"}")))
                .isNotEqualTo(IdempotentRequests.canonical(JSON.readTree("{\"a\":\"1.5\"}")));
    }
}
