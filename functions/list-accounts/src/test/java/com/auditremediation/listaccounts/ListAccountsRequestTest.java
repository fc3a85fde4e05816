package com.auditremediation.listaccounts;

import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.Approval;
import com.auditremediation.core.model.ExecutionInput;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.model.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListAccountsRequestTest {

    private static final ListAccountsSettings DEFAULTS = new ListAccountsSettings("DefaultRole", Mode.AUDIT, CheckCatalog.shipped().ids(),
            List.of("eu-west-1"), List.of("ou-ab12-default01"), List.of("999999999999"), 10);

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
        ExecutionInput input = new ExecutionInput("222222222222", List.of("333333333333", "111111111111", "222222222222"),
                null, null, null, null, null, null, null);

        ListAccountsRequest request = ListAccountsRequest.resolve(input, DEFAULTS);

        assertThat(request.accountIds()).containsExactly("111111111111", "222222222222", "333333333333");
        assertThat(request.organizationalUnitIds()).isEmpty();
    }

    @Test
    void inputOrganizationalUnitsReplaceTheDefaultOnesAndAddToAccountIds() {
        ExecutionInput input = new ExecutionInput("222222222222", null, List.of("ou-ab12-input001"), null, null, null, null, null, null);

        ListAccountsRequest request = ListAccountsRequest.resolve(input, DEFAULTS);

        assertThat(request.accountIds()).containsExactly("222222222222");
        assertThat(request.organizationalUnitIds()).containsExactly("ou-ab12-input001");
        assertThat(request.organizationalUnitField()).isEqualTo("OrganizationalUnitIds");
    }

    @Test
    void inputExclusionsReplaceTheDefaultOnes() {
        ExecutionInput input = new ExecutionInput(null, null, null, List.of("111111111111"), null, null, null, null, null);

        ListAccountsRequest request = ListAccountsRequest.resolve(input, DEFAULTS);

        assertThat(request.excludeAccountIds()).containsExactly("111111111111");
    }

    @Test
    void repeatedChecksAndRegionsAreKeptOnceInTheirOrder() {
        ExecutionInput input = new ExecutionInput(null, null, null, null, "OtherRole", List.of("caller-identity", "caller-identity"),
                Mode.REMEDIATE, List.of("us-east-1", "eu-west-1", "us-east-1"), null);

        ListAccountsRequest request = ListAccountsRequest.resolve(input, DEFAULTS);

        assertThat(request.context().checks()).containsExactly("caller-identity");
        assertThat(request.context().regions()).containsExactly("us-east-1", "eu-west-1");
        assertThat(request.context().roleName()).isEqualTo("OtherRole");
        assertThat(request.context().mode()).isEqualTo(Mode.REMEDIATE);
    }

    @Test
    void approvalRequiredNeedsRemediateModeAndIsCarriedInTheContext() {
        ExecutionInput audit = new ExecutionInput(null, null, null, null, null, null, null, null, Approval.REQUIRED);
        ExecutionInput remediate = new ExecutionInput(null, null, null, null, null, null, Mode.REMEDIATE, null, Approval.REQUIRED);

        ListAccountsRequest request = ListAccountsRequest.resolve(remediate, DEFAULTS);

        assertThatThrownBy(() -> ListAccountsRequest.resolve(audit, DEFAULTS)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'Approval'").hasMessageContaining("\"Mode\": \"remediate\"");
        assertThat(request.context().approvalRequired()).isTrue();
        assertThat(ListAccountsRequest.resolve(ExecutionInput.empty(), DEFAULTS).context().approval()).isNull();
    }
}
