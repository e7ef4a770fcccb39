package io.finrelay.server.tenancy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TenantSqlTest {
    @Test
    void statementsThatBindTheTenantFirstPass() {
        assertThatCode(() -> TenantSql.check("select body from master_data where tenant_id = ? and kind = ?"))
                .doesNotThrowAnyException();
        assertThatCode(() -> TenantSql.check("insert into legal_entity (tenant_id, id) values (?, ?)"))
                .doesNotThrowAnyException();
        assertThatCode(() -> TenantSql.check("update master_data set body = '{}' where tenant_id = ? and key = ?"))
                .doesNotThrowAnyException();
    }

    @Test
    void statementsThatForgetTheTenantFail() {
        assertThatThrownBy(() -> TenantSql.check("select body from master_data where kind = ?"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TenantSql.check("select body from master_data where kind = ? and tenant_id = ?"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TenantSql.check("select body from master_data where tenant_id = tenant_id or key = ?"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TenantSql.check("insert into master_data (kind, tenant_id) values (?, ?)"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStatementIsJudgedTheSameEveryTimeItIsPrepared() {
        String good = "select body from master_data where tenant_id = ? and kind = ? and key = 'cached'";
        String bad = "select body from master_data where kind = ? and tenant_id = ? and key = 'cached'";
        for (int i = 0; i < 3; i++) {
            assertThatCode(() -> TenantSql.check(good)).doesNotThrowAnyException();
            assertThatThrownBy(() -> TenantSql.check(bad)).isInstanceOf(IllegalStateException.class);
        }
    }
}
