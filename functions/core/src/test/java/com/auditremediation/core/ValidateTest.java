package com.auditremediation.core;

import com.auditremediation.core.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidateTest {

    @Test
    void acceptsWellFormedIdentifiers() {
        assertThat(Validate.accountIds("AccountIds", List.of("123456789012", "000000000001"))).hasSize(2);
        assertThat(Validate.parentIds("OrganizationalUnitIds", List.of("ou-ab12-cdef3456", "r-ab12"))).hasSize(2);
        assertThat(Validate.roleName("RoleName", "aws-controltower-ReadOnlyExecutionRole")).isNotNull();
        assertThat(Validate.regions("Regions", List.of("eu-west-1", "us-gov-west-1", "cn-north-1", "ap-southeast-5"))).hasSize(4);
    }

    @Test
    void namesTheElementThatIsWrong() {
        assertThatThrownBy(() -> Validate.accountIds("AccountIds", List.of("123456789012", "12345")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("AccountIds[1]"))
                .hasMessageContaining("12 digits");
        assertThatThrownBy(() -> Validate.parentIds("OrganizationalUnitIds", List.of("ou-AB12")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("OrganizationalUnitIds[0]"))
                .hasMessageContaining("ou-ab12-cdef3456");
        assertThatThrownBy(() -> Validate.roleName("RoleName", "arn:aws:iam::123456789012:role/x"))
                .hasMessageContaining("not an ARN");
        assertThatThrownBy(() -> Validate.regions("Regions", List.of("europe")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("Regions[0]"));
    }

    @Test
    void rejectsAnEmptyListSayingHowToGetTheDefault() {
        assertThatThrownBy(() -> Validate.accountIds("ExcludeAccountIds", List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("ExcludeAccountIds"))
                .hasMessageContaining("leave the field out");
    }
}
