package com.auditremediation.systemtests;

import com.auditremediation.local.DemoOrganization;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoServer;
import com.auditremediation.local.OrganizationSpec;
import com.auditremediation.local.SamTemplate;
import com.auditremediation.local.SweepStateMachine;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/** What the tests that execute the sweep on moto share: the functions' environment, and one sweep run to its end. */
final class LocalSweeps {

    /** The account the local host's functions and state machines live in. */
    static final String ACCOUNT = "123456789012";

    private LocalSweeps() {
    }

    /** moto on a free port, its Step Functions executing state machines, its Lambda calls sent to {@code hostPort}. */
    static MotoServer startMoto(int hostPort) {
        MotoServer moto = MotoServer.start(hostPort);
        moto.enableStateMachineExecution();
        return moto;
    }

    /**
     * The report bucket the template creates ({@code audit-remediation-reportbucket} locally), created in {@code moto}:
     * the check functions write each account's row there and BuildReport reads it back, as on AWS.
     */
    static void createReportBucket(MotoServer moto) {
        MotoServer.createBucket(moto.endpoint(), "audit-remediation-reportbucket");
    }

    /** The organisation {@code spec} created in {@code moto} (Organizations is global: us-east-1). */
    static DemoOrganization.Seeded seed(MotoServer moto, OrganizationSpec spec) {
        try (OrganizationsClient organizations = LocalClients.build(OrganizationsClient.builder(), moto.endpoint(), Region.US_EAST_1)) {
            return DemoOrganization.seed(organizations, spec);
        }
    }

    /** The functions' environment on the local host: every AWS call to {@code endpoint} (moto, or a proxy in front). */
    static Map<String, String> environment(URI endpoint) {
        return Map.of("AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_ACCESS_KEY_ID", "testing",
                "AWS_SECRET_ACCESS_KEY", "testing",
                "AWS_REGION", "us-east-1");
    }

    /**
     * Creates the sweep state machine in {@code region} (with the template's {@code parameters}), runs one named
     * execution and waits for it. moto 5.2.1 runs one execution per region and server, so each caller uses its own region.
     */
    static DescribeExecutionResponse run(MotoServer moto, SamTemplate template, Map<String, String> parameters, Region region,
                                         String executionName, String input) {
        try (SfnClient sfn = LocalClients.build(SfnClient.builder(), moto.endpoint(), region)) {
            SamTemplate.Context context = SamTemplate.Context.of(template, parameters, "us-east-1", ACCOUNT);
            String stateMachineArn = SweepStateMachine.create(sfn, template, context);
            String executionArn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(executionName).input(input)).executionArn();
            return Executions.await(sfn, executionArn);
        }
    }
}
