package com.auditremediation.listaccounts;

import com.auditremediation.core.Inputs;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.Approval;
import com.auditremediation.core.model.ExecutionInput;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.model.Mode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListAccountsRequestTest {

    private static final ListAccountsSettings DEFAULTS = new ListAccountsSettings("DefaultRole", Mode.AUDIT, CheckCatalog.shipped().ids(),
            List.of("eu-west-1"), List.of("ou-ab12-default01"), List.of("999999999999"), 10, "aws");

    @Test
    void anEmptyInputTakesEveryDefault() {
        ListAccountsRequest request = ListAccountsRequest.resolve(ExecutionInput.empty(), DEFAULTS);

        assertThat(request.accountIds()).isEmpty();
        assertThat(request.organizationalUnitIds()).containsExactly("ou-ab12-default01");
        assertThat(request.organizationalUnitField()).isEqualTo("DEFAULT_ORGANIZATIONAL_UNIT_IDS");
        assertThat(request.excludeAccountIds()).containsExactly("999999999999");
        assertThat(request.context().roleName()).isEqualTo("DefaultRole");
        assertThat(request.context().mode()).isEqualTo(Mode.AUDIT);
        assertThat(request.context().checks()).isEqualTo(CheckCatalog.shipped().ids());
        assertThat(request.context().regions()).containsExactly("eu-west-1");
        assertThat(request.maxConcurrency()).isEqualTo(10);
        assertThat(request.wholeOrganization()).isFalse();
    }

    @Test
    void targetAccountIdAndAccountIdsAreOneSortedSetAndIgnoreTheDefaultOrganizationalUnits() {
        ExecutionInput input = new ExecutionInput("222222222222", List.of("333333333333", "111111111111", "222222222222"), null, null, null, null, null, null, null, null, null, null);

        ListAccountsRequest request = ListAccountsRequest.resolve(input, DEFAULTS);

        assertThat(request.accountIds()).containsExactly("111111111111", "222222222222", "333333333333");
        assertThat(request.organizationalUnitIds()).isEmpty();
    }

    @Test
    void inputOrganizationalUnitsReplaceTheDefaultOnesAndAddToAccountIds() {
        ExecutionInput input = new ExecutionInput("222222222222", null, List.of("ou-ab12-input001"), null, null, null, null, null, null, null, null, null);

        ListAccountsRequest request = ListAccountsRequest.resolve(input, DEFAULTS);

        assertThat(request.accountIds()).containsExactly("222222222222");
        assertThat(request.organizationalUnitIds()).containsExactly("ou-ab12-input001");
        assertThat(request.organizationalUnitField()).isEqualTo("OrganizationalUnitIds");
    }

    @Test
    void inputExclusionsReplaceTheDefaultOnes() {
        ExecutionInput input = new ExecutionInput(null, null, null, List.of("111111111111"), null, null, null, null, null, null, null, null);

        ListAccountsRequest request = ListAccountsRequest.resolve(input, DEFAULTS);

        assertThat(request.excludeAccountIds()).containsExactly("111111111111");
    }

    @Test
    void checksAndRegionsAreKeptInTheirOrder() {
        ExecutionInput input = new ExecutionInput(null, null, null, null, "OtherRole", List.of("iam-password-policy", "caller-identity"), Mode.REMEDIATE, List.of("us-east-1", "eu-west-1"), null, null, null, null);

        ListAccountsRequest request = ListAccountsRequest.resolve(input, DEFAULTS);

        assertThat(request.context().checks()).containsExactly("iam-password-policy", "caller-identity");
        assertThat(request.context().regions()).containsExactly("us-east-1", "eu-west-1");
        assertThat(request.context().roleName()).isEqualTo("OtherRole");
        assertThat(request.context().mode()).isEqualTo(Mode.REMEDIATE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            a region no partition has      | {"Regions": ["eu-west-1", "us-east-7"]}                  | Regions[1]               | 'us-east-7' is not a region of the aws partition
            a region of the wrong shape    | {"Regions": ["xx-nowhere-1"]}                            | Regions[0]               | is not a region of the aws partition
            another partition's region     | {"Regions": ["cn-north-1"]}                              | Regions[0]               | is in the aws-cn partition, but this stack runs in aws
            a global pseudo-region         | {"Regions": ["aws-global"]}                              | Regions[0]               | is not a region code
            null in Checks                 | {"Checks": [null]}                                       | Checks[0]                | null is not a check
            null in AccountIds             | {"AccountIds": ["123456789012", null]}                   | AccountIds[1]            | null is not an AWS account id
            null in OrganizationalUnitIds  | {"OrganizationalUnitIds": [null]}                        | OrganizationalUnitIds[0] | null is not an organizational unit id
            null in ExcludeAccountIds      | {"ExcludeAccountIds": [null]}                            | ExcludeAccountIds[0]     | null is not an AWS account id
            null in Regions                | {"Regions": [null]}                                      | Regions[0]               | null is not a region code
            a duplicate account            | {"AccountIds": ["123456789012", "123456789012"]}         | AccountIds[1]            | repeats AccountIds[0]
            a duplicate OU                 | {"OrganizationalUnitIds": ["r-ab12", "ou-ab12-cdef3456", "r-ab12"]} | OrganizationalUnitIds[2] | repeats OrganizationalUnitIds[0]
            a duplicate exclusion          | {"ExcludeAccountIds": ["111111111111", "111111111111"]}  | ExcludeAccountIds[1]     | repeats ExcludeAccountIds[0]
            a duplicate check              | {"Checks": ["caller-identity", "caller-identity"]}       | Checks[1]                | repeats Checks[0]
            a duplicate region             | {"Regions": ["us-east-1", "eu-west-1", "us-east-1"]}     | Regions[2]               | repeats Regions[0]
            a look-alike mode              | {"Mode": "aud\\u0131t"}                                   | Mode                     | 'aud\\u0131t' is not a mode
            an upper-case mode             | {"Mode": "AUDIT"}                                        | Mode                     | in lower case
            a key given twice              | {"Mode": "audit", "Mode": "remediate"}                   | Mode                     | appears twice
            a second value after the first | {"Mode": "audit"} {"Mode": "remediate"}                  | (input)                  | has something after its JSON value
            a duplicate control id         | {"SecurityControlIds": ["IAM.15", "IAM.15"]}             | SecurityControlIds[1]    | repeats SecurityControlIds[0]
            null in SecurityControlIds     | {"SecurityControlIds": [null]}                           | SecurityControlIds[0]    | null is not
            """)
    void hostileInputIsRefusedBeforeAnyAccountNamingTheField(String why, String json, String field, String message) {
        assertThatThrownBy(() -> ListAccountsRequest.resolve(Inputs.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                ExecutionInput.class), DEFAULTS))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(message);
    }

    @Test
    void anAccountNamedByTargetAccountIdAndInAccountIdsIsOneAccount() {
        ExecutionInput input = new ExecutionInput("123456789012", List.of("123456789012"), null, null, null, null, null, null, null, null, null, null);

        ListAccountsRequest request = ListAccountsRequest.resolve(input, DEFAULTS);

        assertThat(request.accountIds()).containsExactly("123456789012");
    }

    @Test
    void securityControlIdsSelectTheChecksThatImplementThem() {
        ExecutionInput input = new ExecutionInput("222222222222", null, null, null, null, null, null, null, List.of("IAM.15", "IAM.16"), null, null, null);

        ListAccountsRequest request = ListAccountsRequest.resolve(input, DEFAULTS);

        assertThat(request.context().checks()).containsExactly("iam-password-policy");
    }

    @Test
    void securityControlIdsWithChecksSelectTheUnion() {
        ExecutionInput input = new ExecutionInput(null, null, null, null, null, List.of("caller-identity"), null, null, List.of("EC2.7", "IAM.4"), null, null, null);

        ListAccountsRequest request = ListAccountsRequest.resolve(input, DEFAULTS);

        assertThat(request.context().checks()).containsExactly("caller-identity", "ebs-default-encryption", "root-account-hygiene");
    }

    @Test
    void anUnknownSecurityControlIdIsInvalidInputListingTheSupportedOnes() {
        ExecutionInput input = new ExecutionInput(null, null, null, null, null, null, null, null, List.of("IAM.15", "Lambda.1"), null, null, null);

        assertThatThrownBy(() -> ListAccountsRequest.resolve(input, DEFAULTS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("SecurityControlIds[1]")
                .hasMessageContaining("'Lambda.1'")
                .hasMessageContaining(String.join(", ", CheckCatalog.shipped().controls()));
        ExecutionInput empty = new ExecutionInput(null, null, null, null, null, null, null, null, List.of(), null, null, null);
        assertThatThrownBy(() -> ListAccountsRequest.resolve(empty, DEFAULTS))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("SecurityControlIds");
    }

    @Test
    void approvalRequiredNeedsRemediateModeAndIsCarriedInTheContext() {
        ExecutionInput audit = new ExecutionInput(null, null, null, null, null, null, null, null, null, Approval.REQUIRED, null, null);
        ExecutionInput remediate = new ExecutionInput(null, null, null, null, null, null, Mode.REMEDIATE, null, null, Approval.REQUIRED, null, null);

        ListAccountsRequest request = ListAccountsRequest.resolve(remediate, DEFAULTS);

        assertThatThrownBy(() -> ListAccountsRequest.resolve(audit, DEFAULTS)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'Approval'").hasMessageContaining("\"Mode\": \"remediate\"");
        assertThat(request.context().approvalRequired()).isTrue();
        assertThat(ListAccountsRequest.resolve(ExecutionInput.empty(), DEFAULTS).context().approval()).isNull();
    }
}
