package com.auditremediation.local.standin;

import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IamPolicySimulatorTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/checker";
    private static final String ASSUME_IN_ORGANISATION = """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "Assume", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::*:role/audit-remediation-execution",
               "Condition": {"StringEquals": {"aws:ResourceOrgID": "${aws:PrincipalOrgID}"}}},
              {"Sid": "Rows", "Effect": "Allow", "Action": ["s3:PutObject"], "Resource": "arn:aws:s3:::bucket/runs/*"},
              {"Sid": "NoDeletes", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}]}""";

    private static EvaluationResult simulate(IamClient iam, String action, String resource, String resourceOrg) {
        return iam.simulatePrincipalPolicy(r -> r.policySourceArn(ROLE_ARN).actionNames(action).resourceArns(resource).contextEntries(
                entry("aws:PrincipalOrgID", "o-abcdefghij"), entry("aws:ResourceOrgID", resourceOrg))).evaluationResults().get(0);
    }

    private static ContextEntry entry(String key, String value) {
        return ContextEntry.builder().contextKeyName(key).contextKeyType(ContextKeyTypeEnum.STRING).contextKeyValues(value).build();
    }

    @Test
    void theRolesPoliciesDecideWithConditionsAndPolicyVariablesFromTheContext() {
        try (IamClient iam = LocalClients.build(IamClient.builder(), MOTO.proxyEndpoint(), Region.AWS_GLOBAL)) {
            iam.createRole(r -> r.roleName("checker").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
            iam.putRolePolicy(r -> r.roleName("checker").policyName("chain").policyDocument(ASSUME_IN_ORGANISATION));

            EvaluationResult inOrganisation = simulate(iam, "sts:AssumeRole", "arn:aws:iam::111122223333:role/audit-remediation-execution", "o-abcdefghij");
            EvaluationResult elsewhere = simulate(iam, "sts:AssumeRole", "arn:aws:iam::111122223333:role/audit-remediation-execution", "o-zzzzzzzzzz");
            EvaluationResult otherRole = simulate(iam, "sts:AssumeRole", "arn:aws:iam::111122223333:role/admin", "o-abcdefghij");
            EvaluationResult row = simulate(iam, "s3:PutObject", "arn:aws:s3:::bucket/runs/x/accounts/1.json", "o-abcdefghij");
            EvaluationResult delete = simulate(iam, "s3:DeleteObject", "arn:aws:s3:::bucket/runs/x", "o-abcdefghij");
            EvaluationResult withoutContext = iam.simulatePrincipalPolicy(r -> r.policySourceArn(ROLE_ARN).actionNames("sts:AssumeRole")
                    .resourceArns("arn:aws:iam::111122223333:role/audit-remediation-execution")).evaluationResults().get(0);

            assertThat(inOrganisation.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
            assertThat(inOrganisation.matchedStatements()).extracting(s -> s.sourcePolicyId()).containsExactly("chain");
            assertThat(elsewhere.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
            assertThat(otherRole.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
            assertThat(row.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
            assertThat(delete.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.EXPLICIT_DENY);
            assertThat(withoutContext.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
            assertThat(withoutContext.missingContextValues()).containsExactly("aws:ResourceOrgID");
        }
    }

    @Test
    void anAttachedCustomerManagedPolicyCountsAndAMissingRoleIsNoSuchEntity() {
        try (IamClient iam = LocalClients.build(IamClient.builder(), MOTO.proxyEndpoint(), Region.AWS_GLOBAL)) {
            iam.createRole(r -> r.roleName("checker").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
            String policy = iam.createPolicy(r -> r.policyName("reads").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:Get*\",\"Resource\":\"*\"}]}")).policy().arn();
            iam.attachRolePolicy(r -> r.roleName("checker").policyArn(policy));

            List<EvaluationResult> results = iam.simulatePrincipalPolicy(r -> r.policySourceArn(ROLE_ARN)
                    .actionNames("iam:GetAccountSummary", "iam:UpdateAccountPasswordPolicy")).evaluationResults();

            assertThat(results).extracting(EvaluationResult::evalDecision)
                    .containsExactly(PolicyEvaluationDecisionType.ALLOWED, PolicyEvaluationDecisionType.IMPLICIT_DENY);
            assertThat(results.get(0).matchedStatements().get(0).sourcePolicyId()).isEqualTo(policy);
            assertThatThrownBy(() -> iam.simulatePrincipalPolicy(r -> r.policySourceArn("arn:aws:iam::123456789012:role/nobody")
                    .actionNames("sts:AssumeRole"))).isInstanceOf(NoSuchEntityException.class);
        }
    }
}
