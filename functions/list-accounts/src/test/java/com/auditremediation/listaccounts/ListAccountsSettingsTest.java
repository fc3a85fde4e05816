package com.auditremediation.listaccounts;

import com.auditremediation.core.Env;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.model.Mode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListAccountsSettingsTest {

    @Test
    void withoutVariablesEveryDefaultApplies() {
        Env env = Env.of(Map.of());

        ListAccountsSettings settings = ListAccountsSettings.fromEnv(env, "eu-west-2");

        assertThat(settings).isEqualTo(new ListAccountsSettings("aws-controltower-AdministratorExecutionRole", Mode.AUDIT,
                CheckCatalog.shipped().ids(), List.of("eu-west-2"), List.of(), List.of(), 10, "aws"));
    }

    @Test
    void theTemplatesBlankValuesCountAsMissing() {
        Env env = Env.of(Map.of("DEFAULT_CHECKS", "", "DEFAULT_REGIONS", " ", "DEFAULT_ORGANIZATIONAL_UNIT_IDS", "", "DEFAULT_EXCLUDE_ACCOUNT_IDS", ""));

        ListAccountsSettings settings = ListAccountsSettings.fromEnv(env, "eu-west-2");

        assertThat(settings.checks()).isEqualTo(CheckCatalog.shipped().ids());
        assertThat(settings.regions()).containsExactly("eu-west-2");
        assertThat(settings.organizationalUnitIds()).isEmpty();
        assertThat(settings.excludeAccountIds()).isEmpty();
    }

    @Test
    void everyVariableIsRead() {
        Env env = Env.of(Map.of(
                "EXECUTION_ROLE_NAME", "CustomExecutionRole",
                "DEFAULT_MODE", "remediate",
                "DEFAULT_CHECKS", "caller-identity",
                "DEFAULT_REGIONS", "eu-west-1, eu-central-1",
                "DEFAULT_ORGANIZATIONAL_UNIT_IDS", "ou-ab12-workload1,r-ab12",
                "DEFAULT_EXCLUDE_ACCOUNT_IDS", "111122223333,444455556666",
                "MAX_CONCURRENCY", "40"));

        ListAccountsSettings settings = ListAccountsSettings.fromEnv(env, "eu-west-2");

        assertThat(settings).isEqualTo(new ListAccountsSettings("CustomExecutionRole", Mode.REMEDIATE, List.of("caller-identity"),
                List.of("eu-west-1", "eu-central-1"), List.of("ou-ab12-workload1", "r-ab12"), List.of("111122223333", "444455556666"), 40, "aws"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            MAX_CONCURRENCY                 | 0                  | MAX_CONCURRENCY                    | out of range; use 1 to 40
            MAX_CONCURRENCY                 | 41                 | MAX_CONCURRENCY                    | an inline Map runs at most 40 iterations at once
            MAX_CONCURRENCY                 | ten                | MAX_CONCURRENCY                    | not a whole number
            DEFAULT_MODE                    | fix                | DEFAULT_MODE                       | 'fix' is not a mode
            EXECUTION_ROLE_NAME             | arn:aws:iam::1:role/r | EXECUTION_ROLE_NAME             | is not an IAM role name
            DEFAULT_CHECKS                  | caller-identity,nope | DEFAULT_CHECKS[1]                | 'nope' is not a check
            DEFAULT_REGIONS                 | eu-west-1,Ireland  | DEFAULT_REGIONS[1]                 | is not a region code
            DEFAULT_REGIONS                 | eu-west-1,cn-north-1 | DEFAULT_REGIONS[1]               | is in the aws-cn partition, but this stack runs in aws
            DEFAULT_REGIONS                 | us-east-7          | DEFAULT_REGIONS[0]                 | is not a region of the aws partition
            DEFAULT_REGIONS                 | eu-west-1,eu-west-1 | DEFAULT_REGIONS[1]                | repeats DEFAULT_REGIONS[0]
            DEFAULT_MODE                    | Audit              | DEFAULT_MODE                       | in lower case
            DEFAULT_ORGANIZATIONAL_UNIT_IDS | Workloads          | DEFAULT_ORGANIZATIONAL_UNIT_IDS[0] | is not an organizational unit id
            DEFAULT_EXCLUDE_ACCOUNT_IDS     | 111122223333,1     | DEFAULT_EXCLUDE_ACCOUNT_IDS[1]     | is not an AWS account id
            """)
    void aBadVariableIsRejectedNamingIt(String variable, String value, String field, String message) {
        Env env = Env.of(Map.of(variable, value));

        assertThatThrownBy(() -> ListAccountsSettings.fromEnv(env, "eu-west-2"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(message);
    }
}
