package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The contract test's diff names each operation and schema that changed, so a reader sees what moved. */
class OpenApiDifferencesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode doc(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void namesAddedRemovedAndChangedOperationsAndSchemas() throws Exception {
        JsonNode published = doc("{'openapi':'3.1.0','info':{'version':'v1'},'paths':{"
                + "'/v1/tenants/{tenantId}/vendors':{'get':{'operationId':'listVendors'},'post':{'operationId':'createVendor'}},"
                + "'/v1/tenants/{tenantId}/payments':{'get':{'operationId':'listPayments'}}},"
                + "'components':{'schemas':{'Vendor':{'type':'object'}},'securitySchemes':{'apiKey':{'scheme':'bearer'}}}}");
        JsonNode served = doc("{'openapi':'3.1.0','info':{'version':'v1'},'paths':{"
                + "'/v1/tenants/{tenantId}/vendors':{'get':{'operationId':'listVendors','parameters':[{'name':'limit'}]},"
                + "'post':{'operationId':'createVendor'}},"
                + "'/v1/tenants/{tenantId}/projects':{'get':{'operationId':'listProjects'}}},"
                + "'components':{'schemas':{'Vendor':{'type':'object','required':['name']},'Project':{'type':'object'}},"
                + "'securitySchemes':{'apiKey':{'scheme':'bearer'}}}}");

        assertThat(OpenApiContractIT.differences(published, served)).containsExactly(
                "- GET /v1/tenants/{tenantId}/payments (published, no longer served)",
                "+ GET /v1/tenants/{tenantId}/projects (new, not in the published contract)",
                "~ GET /v1/tenants/{tenantId}/vendors (changed)",
                "+ schema Project (new, not in the published contract)",
                "~ schema Vendor (changed)");
        assertThat(OpenApiContractIT.differences(served, served)).isEmpty();
    }

    @Test
    void theServerUrlWithItsRandomPortIsNotPartOfTheContract() throws Exception {
        JsonNode a = doc("{'openapi':'3.1.0','servers':[{'url':'http://localhost:41234'}],'paths':{}}");
        JsonNode b = doc("{'openapi':'3.1.0','servers':[{'url':'http://localhost:50007'}],'paths':{}}");
        assertThat(OpenApiContractIT.differences(OpenApiContractIT.normalised(a), OpenApiContractIT.normalised(b))).isEmpty();
        assertThat(OpenApiContractIT.canonical(doc("{'b':1,'a':{'d':2,'c':3}}")))
                .isEqualTo("{\n  \"a\" : {\n    \"c\" : 3,\n    \"d\" : 2\n  },\n  \"b\" : 1\n}\n");
    }
}
