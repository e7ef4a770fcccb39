package io.finrelay.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.model.id.TenantId;
import org.junit.jupiter.api.Test;

/** A partner with thousands of customers cannot multiply the series a scrape returns without bound. */
class TenantTagsTest {

    @Test
    void theFirstTenantsKeepTheirOwnTagAndTheRestAreCountedAsOther() {
        TenantTags tags = new TenantTags(2);
        TenantId acme = TenantId.of("11111111-1111-4111-8111-111111111111");
        TenantId globex = TenantId.of("22222222-2222-4222-8222-222222222222");
        TenantId initech = TenantId.of("33333333-3333-4333-8333-333333333333");

        assertThat(tags.of(acme)).isEqualTo(acme.toString());
        assertThat(tags.of(globex)).isEqualTo(globex.toString());
        assertThat(tags.of(initech)).isEqualTo(TenantTags.OTHER);
        assertThat(tags.of(acme)).as("a tagged tenant keeps its tag").isEqualTo(acme.toString());
        assertThat(tags.tagged()).containsExactlyInAnyOrder(acme.toString(), globex.toString());
    }

    @Test
    void aLimitBelowOneIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new TenantTags(0)).hasMessageContaining("finrelay.metrics.max-tenants");
    }
}
