package io.finrelay.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/security.md tells the truth about the role x action table in {@link Role}. */
class SecurityDocsTest {

    @Test
    void theDocumentedRoleByActionMatrixIsExactlyTheOneInCode() {
        List<List<String>> rows = SecurityDocs.table("Roles and actions");
        assertThat(rows).extracting(r -> r.get(0))
                .containsExactlyElementsOf(Arrays.stream(Action.values()).map(Action::wireName).toList());
        for (List<String> row : rows) {
            Action action = Arrays.stream(Action.values()).filter(a -> a.wireName().equals(row.get(0))).findFirst().orElseThrow();
            assertThat(row.get(1)).as("meaning of " + row.get(0)).isEqualTo(action.meaning());
            for (Role role : Role.values()) {
                String cell = row.get(2 + role.ordinal());
                assertThat(cell).as(role.wireName() + " x " + action.wireName()).isEqualTo(role.allows(action) ? "x" : "-");
            }
        }
    }

    @Test
    void everyEndpointRowNamesAKnownActionOrAnOpenAccessRule() {
        Set<String> known = new HashSet<>(Set.of("public", "signature", "authenticated"));
        Arrays.stream(Action.values()).map(Action::wireName).forEach(known::add);
        assertThat(SecurityDocs.endpoints()).isNotEmpty()
                .allSatisfy(row -> assertThat(known).as(row.toString()).contains(row.action()));
    }

    @Test
    void segregationOfDutiesHoldsInTheTable() {
        for (Role role : Role.values()) {
            if (role.allows(Action.RELEASE_PAYMENT)) {
                assertThat(role.allows(Action.WRITE_MASTER_DATA)).as(role + " releases and edits payees").isFalse();
                assertThat(role.allows(Action.MANAGE_USERS)).as(role + " releases and grants roles").isFalse();
                assertThat(role.allows(Action.MANAGE_KEYS)).as(role + " releases and makes keys").isFalse();
            }
        }
        assertThat(Role.VIEWER.actions()).allSatisfy(a -> assertThat(a.wireName()).startsWith("read-"));
        assertThat(Role.AUDITOR.actions()).allSatisfy(a -> assertThat(a.wireName()).matches("(read|verify)-.*"));
        assertThat(Role.INTEGRATION.allows(Action.RELEASE_PAYMENT) || Role.INTEGRATION.allows(Action.ACT_ON_EXCEPTIONS)).isFalse();
    }
}
