package com.auditremediation.checkaccount;

import com.auditremediation.core.model.KnownChecks;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckRegistryTest {

    @Test
    void theRegistryRunsExactlyTheChecksThatListAccountsAccepts() {
        CheckRegistry registry = CheckRegistry.create();

        assertThat(registry.ids()).isEqualTo(KnownChecks.IDS);
    }

    @Test
    void everyCheckDescribesItselfInOneLineAndNamesIamActions() {
        List<Check> checks = CheckRegistry.create().all();

        assertThat(checks).allSatisfy(check -> {
            assertThat(check.id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(check.description()).isNotBlank().doesNotContain("\n");
            assertThat(check.readActions()).isNotEmpty().allMatch(action -> action.matches("[a-z0-9-]+:[A-Za-z]+"));
            assertThat(check.fixActions()).allMatch(action -> action.matches("[a-z0-9-]+:[A-Za-z]+"));
        });
    }

    @Test
    void anEmptySelectionMeansEveryCheck() {
        CheckRegistry registry = CheckRegistry.create();

        List<Check> selected = registry.select("context.checks", List.of());

        assertThat(selected).extracting(Check::id).isEqualTo(KnownChecks.IDS);
    }

    @Test
    void twoChecksWithOneIdAreRefused() {
        assertThatThrownBy(() -> CheckRegistry.of(List.of(new CallerIdentityCheck(), new CallerIdentityCheck())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("caller-identity");
    }
}
