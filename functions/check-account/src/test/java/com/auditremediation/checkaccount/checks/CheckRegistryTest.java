package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckRegistryTest {

    @Test
    void everyCheckCarriesACompleteDescriptorWithOneLineTexts() {
        List<Check> checks = CheckRegistry.create().all();

        assertThat(checks).allSatisfy(check -> {
            CheckDescriptor descriptor = check.descriptor();
            assertThat(descriptor.title()).doesNotContain("\n").doesNotEndWith(".");
            assertThat(descriptor.recommendation()).doesNotContain("\n").endsWith(".");
            assertThat(descriptor.readActions()).noneMatch(descriptor.fixActions()::contains);
        });
    }

    @Test
    void theCatalogIsTheRegistrysDescriptorsInOrder() {
        CheckRegistry registry = CheckRegistry.create();

        assertThat(registry.catalog().descriptors()).isEqualTo(registry.all().stream().map(Check::descriptor).toList());
        assertThat(registry.catalog().ids()).isEqualTo(registry.ids());
    }

    @Test
    void anEmptySelectionMeansEveryCheck() {
        CheckRegistry registry = CheckRegistry.create();

        List<Check> selected = registry.select("context.checks", List.of());

        assertThat(selected).isEqualTo(registry.all());
    }

    @Test
    void aSelectionRunsInRegistryOrderWhateverOrderItWasGivenIn() {
        CheckRegistry registry = CheckRegistry.create();
        List<String> reversed = new ArrayList<>(registry.ids());
        Collections.reverse(reversed);

        List<Check> selected = registry.select("context.checks", reversed);

        assertThat(selected).extracting(Check::id).isEqualTo(registry.ids());
    }

    @Test
    void anUnknownIdIsInvalidInputListingTheValidOnes() {
        CheckRegistry registry = CheckRegistry.create();

        assertThatThrownBy(() -> registry.select("context.checks", List.of(registry.ids().get(0), "no-such-check")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("context.checks[1]")
                .hasMessageContaining(String.join(", ", registry.ids()));
    }

    @Test
    void twoChecksWithOneIdAreRefused() {
        assertThatThrownBy(() -> CheckRegistry.of(List.of(new CallerIdentityCheck(), new CallerIdentityCheck())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("caller-identity");
    }
}
