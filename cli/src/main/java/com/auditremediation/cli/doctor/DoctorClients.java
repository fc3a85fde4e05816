package com.auditremediation.cli.doctor;

import software.amazon.awssdk.services.account.AccountClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.controltower.ControlTowerClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;

/** The clients doctor reads with, all as the person who runs it, in the stack's account and region. */
public record DoctorClients(StsClient sts, OrganizationsClient organizations, ControlTowerClient controlTower, IamClient iam,
                           CloudFormationClient cloudFormation, SfnClient sfn, EventBridgeClient events, S3Client s3, SnsClient sns,
                           LambdaClient lambda, SecurityHubClient securityHub, AccountClient account) implements AutoCloseable {

    @Override
    public void close() {
        for (AutoCloseable client : new AutoCloseable[] {sts, organizations, controlTower, iam, cloudFormation, sfn, events, s3, sns, lambda,
                securityHub, account}) {
            try {
                client.close();
            } catch (Exception e) {
                // closing a client frees its connections; nothing to report
            }
        }
    }
}
