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
        assertThat(Validate.regions("Regions", List.of("eu-west-1", "ap-southeast-5", "mx-central-1"), "aws")).hasSize(3);
        assertThat(Validate.regions("Regions", List.of("cn-north-1", "cn-northwest-1"), "aws-cn")).hasSize(2);
        assertThat(Validate.regions("Regions", List.of("us-gov-west-1"), "aws-us-gov")).hasSize(1);
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
        assertThatThrownBy(() -> Validate.regions("Regions", List.of("europe"), "aws"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("Regions[0]"));
    }

    @Test
    void rejectsAnEmptyListSayingHowToGetTheDefault() {
        assertThatThrownBy(() -> Validate.accountIds("ExcludeAccountIds", List.of()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("ExcludeAccountIds"))
                .hasMessageContaining("leave the field out");
    }

    @Test
    void regionsComeFromTheSdksMetadataForThePartition() {
        assertThat(Validate.regionsOf("aws")).contains("us-east-1", "eu-west-1").doesNotContain("aws-global", "cn-north-1", "us-gov-west-1");
        assertThat(Validate.regionsOf("aws-cn")).containsExactly("cn-north-1", "cn-northwest-1");

        assertThatThrownBy(() -> Validate.regions("Regions", List.of("us-gov-west-1"), "aws"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("Regions[0]"))
                .hasMessageContaining("is in the aws-us-gov partition, but this stack runs in aws")
                .hasMessageContaining("eu-west-1");
    }

    @Test
    void aRepeatedIdIsRefusedAtItsSecondOccurrence() {
        assertThatThrownBy(() -> Validate.accountIds("AccountIds", List.of("111111111111", "222222222222", "111111111111")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("AccountIds[2]"))
                .hasMessageContaining("repeats AccountIds[0]");
    }

    @Test
    void quotesAHostileValueEscapedAndShort() {
        String huge = "\u0000\n\u202e" + "x".repeat(100_000);

        String quoted = Validate.describe(huge);

        assertThat(quoted).startsWith("'\\u0000\\u000a\\u202exxx").endsWith("(100003 characters)'").hasSizeLessThan(160);
        assertThat(Validate.describe("aud\u0131t")).isEqualTo("'aud\\u0131t'");
    }
}
