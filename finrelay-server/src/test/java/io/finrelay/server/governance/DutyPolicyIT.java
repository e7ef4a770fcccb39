package io.finrelay.server.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.db.Database;
import io.finrelay.server.ServerIT;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A tenant's duty policy through the API: defaults, who may change it, field errors, and the audit of a change. */
class DutyPolicyIT extends ServerIT {
    private static final String PATH = "/policies/duties";

    @Autowired
    Database db;

    @Test
    void aNewTenantHasMakerCheckerNoSelfApprovalAndASevenDayCoolingPeriod() {
        TestTenant tenant = newTenant("Defaults");
        Answer policy = get(tenant.path(PATH), keyFor(tenant, tenant.adminKey(), "viewer"));
        assertThat(policy.status()).isEqualTo(200);
        assertThat(policy.body().get("bankDetailCooling").asText()).isEqualTo("PT168H");
        assertThat(policy.body().get("makerChecker").asBoolean()).isTrue();
        assertThat(policy.body().get("selfApprovalForbidden").asBoolean()).isTrue();
        assertThat(policy.body().get("fourEyesAbove")).isEmpty();
    }

    @Test
    void aTenantAdminSetsThePolicyAndTheChangeIsAuditedWithBeforeAndAfter() {
        TestTenant tenant = newTenant("Policy");
        String body = json("fourEyesAbove", List.of(Map.of("amount", "2500.00", "currency", "EUR"),
                Map.of("amount", "2000.00", "currency", "CHF")), "bankDetailCooling", "P3D", "makerChecker", true);
        Answer set = call("PUT", tenant.path(PATH), tenant.adminKey(), body, Map.of());
        assertThat(set.status()).as(set.raw().body()).isEqualTo(200);
        Answer read = get(tenant.path(PATH), tenant.adminKey());
        assertThat(read.body().get("bankDetailCooling").asText()).isEqualTo("PT72H");
        assertThat(read.body().get("fourEyesAbove").get(0).get("amount").asText()).isEqualTo("2500.00");
        assertThat(read.body().get("fourEyesAbove").get(1).get("currency").asText()).isEqualTo("CHF");
        assertThat(audited(tenant)).singleElement().asString().contains("policies/duties").contains("PT168H")
                .contains("PT72H");
    }

    @Test
    void anOperatorMayNotChangeThePolicyAndABadValueIsAFieldErrorThatChangesNothing() {
        TestTenant tenant = newTenant("Refused");
        String operator = keyFor(tenant, tenant.adminKey(), "operator");
        assertThat(call("PUT", tenant.path(PATH), operator, json("bankDetailCooling", "PT1M"), Map.of()).status())
                .isEqualTo(403);
        Answer bad = call("PUT", tenant.path(PATH), tenant.adminKey(), json("bankDetailCooling", "three days"), Map.of());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body().get("errors").get(0).get("field").asText()).isEqualTo("bankDetailCooling");
        Answer twice = call("PUT", tenant.path(PATH), tenant.adminKey(), json("fourEyesAbove", List.of(
                Map.of("amount", "1.00", "currency", "EUR"), Map.of("amount", "2.00", "currency", "EUR"))), Map.of());
        assertThat(twice.status()).isEqualTo(400);
        assertThat(get(tenant.path(PATH), tenant.adminKey()).body().get("bankDetailCooling").asText()).isEqualTo("PT168H");
        assertThat(audited(tenant)).isEmpty();
    }

    private List<String> audited(TestTenant tenant) {
        return asOwner(db, c -> {
            try (PreparedStatement select = c.prepareStatement("select detail::text from audit_event where tenant_id = "
                    + "?::uuid and kind = 'configuration.changed'")) {
                select.setString(1, tenant.id());
                List<String> out = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }
}
