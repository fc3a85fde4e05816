package com.auditremediation.checkaccount.run;

import com.auditremediation.checkaccount.check.Check;
import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.CheckFailures;
import com.auditremediation.checkaccount.check.CheckLanes;
import com.auditremediation.checkaccount.checks.CheckRegistry;
import com.auditremediation.checkaccount.exceptions.AccountExceptions;
import com.auditremediation.checkaccount.findings.FindingsExporter;
import com.auditremediation.checkaccount.session.AccountClients;
import com.auditremediation.checkaccount.session.AssumedSession;
import com.auditremediation.core.AwsClients;
import com.auditremediation.core.AwsFaults;
import com.auditremediation.core.Env;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.Validate;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.error.TransientFailureException;
import com.auditremediation.core.model.AccountResult;
import com.auditremediation.core.model.CheckAccountInput;
import com.auditremediation.core.model.CheckResult;
import com.auditremediation.core.model.CheckStatus;
import com.auditremediation.core.model.ExceptionRule;
import com.auditremediation.core.model.FindingsDelivery;
import com.auditremediation.core.model.Mode;
import com.auditremediation.core.model.PlanItem;
import com.auditremediation.core.model.RunContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * Checks one account: assumes the execution role (through the regional STS endpoint of the function's region), runs
 * the selected checks with those credentials and returns one {@link AccountResult}. Expected failures (a role that
 * cannot be assumed, a check that fails) are FAILED results; transient faults are thrown as the core exceptions that
 * the state machine retries; bad input is an {@link InvalidInputException}.
 * <p>The checks run side by side, at most {@link #DEFAULT_LANES} tasks of the account at once (checks and their
 * regions together, see {@link CheckLanes}); the results keep the catalog's order. A check that throws a transient
 * fault stops the checks not yet started (the state machine retries the whole account, so their results would be
 * thrown away); the checks already running finish, nothing is interrupted, and then the fault is thrown.
 */
public final class AccountChecker {

    /**
     * An account's calls in flight at once, at most. IAM's and EC2's request rates are per account (EC2's per account
     * and region, and per API: a bucket of 100 requests refilled at 20 a second for most reads), and one invocation is
     * the only caller of this function in an account; the SDK's retries with backoff absorb any throttling that a
     * burst of 8 still meets. Measured with {@code scripts/account-latency.sh}: see docs/checks.md, "How the checks run".
     */
    public static final int DEFAULT_LANES = 8;

    static final String SESSION_PREFIX = "audit-remediation";
    static final int SESSION_DURATION_SECONDS = 900;
    private static final int MAX_SESSION_NAME = 64;
    private static final Pattern NOT_SESSION_CHARACTER = Pattern.compile("[^\\w+=,.@-]");
    private static final Set<String> CREDENTIALS_REFUSED =
            Set.of("ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch");

    private final StsClient sts;
    private final AccountClients accountClients;
    private final Region region;
    private final String partition;
    private final CheckRegistry registry;
    private final Env settings;
    private final FindingsExporter findings;
    private final int lanes;

    private AccountChecker(Builder builder) {
        this.sts = builder.sts;
        this.accountClients = builder.accountClients;
        this.region = builder.region;
        this.partition = AwsClients.partition(builder.region);
        this.registry = builder.registry;
        this.settings = builder.settings;
        this.findings = builder.findings;
        this.lanes = builder.lanes;
    }

    /**
     * {@code sts} acts as the function's own role; {@code region} is the function's region (it decides the partition).
     * By default the checker runs every shipped check with no settings and exports no findings.
     */
    public static Builder builder(StsClient sts, AccountClients accountClients, Region region) {
        return new Builder(sts, accountClients, region);
    }

    /**
     * The function's checker, as both handlers build it once per Lambda environment: STS as the function (with
     * {@code credentials}) in its region, member-account clients with the SDK's endpoints, every shipped check, the
     * settings and the Security Hub export from {@code env}.
     */
    public static AccountChecker fromEnv(Env env, AwsCredentialsProvider credentials) {
        return builder(AwsClients.build(StsClient.builder(), credentials), AccountClients.create(), AwsClients.region())
                .settings(env)
                .findings(FindingsExporter.fromEnv(env))
                .build();
    }

    /** The function's own region, given at construction. */
    public Region region() {
        return region;
    }

    public AccountResult check(CheckAccountInput input) {
        Request request = validate(input);
        String executionName = input.executionName();
        long start = System.nanoTime();
        JsonLog.info("account.start", "accountId", request.accountId, "executionName", executionName,
                "roleArn", request.roleArn, "sessionName", request.sessionName, "mode", request.mode.jsonValue(),
                "checks", request.checks.stream().map(Check::id).toList());
        AccountResult result;
        try {
            result = run(request, start);
        } catch (TransientFailureException e) {
            JsonLog.warn("account.end", "accountId", request.accountId, "executionName", executionName,
                    "status", "RETRY", "errorCode", e.errorCode(), "errorType", e.getClass().getName(),
                    "errorMessage", e.getMessage(), "durationMs", elapsedMs(start));
            throw e;
        }
        JsonLog.info("account.end", "accountId", request.accountId, "executionName", executionName,
                "status", result.status(), "errorCode", result.errorCode(), "durationMs", result.durationMs());
        return result;
    }

    private AccountResult run(Request request, long start) {
        AssumedSession session;
        try {
            AssumeRoleResponse response = sts.assumeRole(r -> r.roleArn(request.roleArn)
                    .roleSessionName(request.sessionName)
                    .durationSeconds(SESSION_DURATION_SECONDS));
            session = new AssumedSession(request.roleArn, request.sessionName, response.credentials());
        } catch (SdkException e) {
            AwsFaults.rethrowIfTransient(e, "sts:AssumeRole into " + request.accountId);
            return AccountResult.failed(request.accountId, ErrorCode.ROLE_NOT_ASSUMABLE, assumeRoleFailure(request, e), List.of(), elapsedMs(start));
        }

        List<CheckResult> results = new ArrayList<>();
        FindingsDelivery delivery;
        CheckLanes accountLanes = CheckLanes.of(lanes);
        Function<String, CheckDescriptor> descriptors = id -> registry.get(id).descriptor();
        try (CheckContext context = new CheckContext(request.accountId, request.roleName, session, partition,
                request.mode, region, request.regions, accountClients, settings, accountLanes)) {
            // Before any check: the accepted risks, the file's and Security Hub's, so that remediation never fixes one.
            AccountExceptions exceptions = AccountExceptions.read(context, request.exceptions, request.approved != null
                    ? AccountExceptions.regionsOf(request.approved, descriptors, region)
                    : AccountExceptions.regionsOf(request.checks, request.regions, region), findings, descriptors);
            if (request.approved != null) {
                for (PlanItem item : request.approved) {
                    CheckResult held = exceptions.heldBack(item);
                    results.addAll(held != null ? List.of(held) : ApprovedFixes.apply(List.of(item), registry, context));
                }
            } else {
                accountLanes.eachUntilFailure(request.checks, check -> exceptions.run(check, context, this::runOne)).forEach(results::addAll);
            }
            results = exceptions.mark(results);
            // After the checks, with the same session: never part of a check, and never a reason to fail the account.
            delivery = request.findings.export(context, results, request.executionName, descriptors, exceptions.hub());
        }
        Set<String> failed = new LinkedHashSet<>();
        for (CheckResult result : results) {
            if (result.status() == CheckStatus.ERROR) {
                failed.add(result.checkId());
            }
        }
        if (failed.isEmpty()) {
            return AccountResult.succeeded(request.accountId, results, elapsedMs(start)).withFindings(delivery);
        }
        return AccountResult.failed(request.accountId, ErrorCode.CHECK_FAILED, "Checks that could not complete in " + request.accountId + ": " + String.join(", ", failed)
                        + " (see each check's detail)", results, elapsedMs(start)).withFindings(delivery);
    }

    /** One check's results; a non-transient exception becomes its ERROR result so that the other checks still run. */
    private List<CheckResult> runOne(Check check, CheckContext context) {
        try {
            return check.run(context);
        } catch (SdkException e) {
            AwsFaults.rethrowIfTransient(e, "check " + check.id() + " in " + context.accountId());
            return List.of(CheckResult.error(check.id(), null, CheckFailures.describe(e)));
        } catch (TransientFailureException e) {
            throw e;
        } catch (RuntimeException e) {
            return List.of(CheckResult.error(check.id(), null, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private String assumeRoleFailure(Request request, SdkException e) {
        String code = AwsFaults.errorCode(e);
        String could = "Could not assume " + request.roleArn + " in " + request.accountId + " (" + (code == null ? e.getClass().getSimpleName() : code) + "). ";
        // Specific codes first: STS answers RegionDisabledException and InvalidClientTokenId with a 403 too.
        if ("RegionDisabledException".equals(code)) {
            return could + "STS is not activated in " + region.id() + " for this account; activate the region's STS endpoint"
                    + " in the account's IAM settings, or run the sweep from a region where it is active.";
        }
        if (CREDENTIALS_REFUSED.contains(code)) {
            return could + "STS refused the function's own credentials; check the function's role and the Lambda's clock.";
        }
        if (e instanceof AwsServiceException service && (service.statusCode() == 403 || "AccessDenied".equals(code))) {
            return could + "Is the account enrolled in Control Tower, and does the role exist and trust the Audit account? Where the"
                    + " landing zone's security roles are off (landing zone 4.0) or the roles are your own: the StackSet of"
                    + " member-role.yaml may not have reached this account yet (is its OU a deployment target?), or the role"
                    + " trusts another principal than this stack's CheckAccountRoleArn.";
        }
        return could + CheckFailures.describe(e);
    }

    private Request validate(CheckAccountInput input) {
        if (input.account() == null) {
            throw new InvalidInputException("account", "is missing; send {\"account\": {\"id\": \"123456789012\"}, \"context\": {...}}");
        }
        String accountId = Validate.accountId("account.id", input.account().id());
        RunContext context = input.context();
        if (context == null) {
            throw new InvalidInputException("context", "is missing; send the run context from ListAccounts, at least {\"roleName\": \"...\"}");
        }
        String roleName = Validate.roleName("context.roleName", context.roleName());
        List<Check> checks = registry.select("context.checks", context.checks());
        List<Region> regions = List.of(region);
        if (!context.regions().isEmpty()) {
            regions = Validate.regions("context.regions", context.regions(), partition).stream().map(Region::of).toList();
        }
        Mode mode = context.mode() == null ? Mode.AUDIT : context.mode();
        List<PlanItem> approved = input.approved() == null ? null : ApprovedFixes.validate(input.approved(), accountId, context, registry, partition);
        if (context.approvalRequired() && approved == null) {
            // The sweep of a run that waits for approval only reads: its fixes run later, item by item, once approved.
            mode = Mode.AUDIT;
        }
        String roleArn = "arn:" + partition + ":iam::" + accountId + ":role/" + roleName;
        return new Request(accountId, roleName, roleArn, sessionName(input.executionName()), input.executionName(), mode,
                checks, regions, approved, AccountExceptions.rulesFor(input.account(), context), findingsFor(context));
    }

    /** The run's own choice of findings export ({@code SecurityHubFindings} in its input), else the function's. */
    private FindingsExporter findingsFor(RunContext context) {
        if (context.securityHubFindings() == null) {
            return findings;
        }
        if (!context.securityHubFindings()) {
            return FindingsExporter.disabled();
        }
        return findings.isEnabled() ? findings : FindingsExporter.enabled(Clock.systemUTC());
    }

    /**
     * The STS session name for an execution: it shows in the member account's CloudTrail as the assumed-role
     * session, so a trail entry leads back to the execution. At most 64 characters of {@code [\w+=,.@-]}.
     */
    static String sessionName(String executionName) {
        if (executionName == null || executionName.isBlank()) {
            return SESSION_PREFIX;
        }
        String name = NOT_SESSION_CHARACTER.matcher(SESSION_PREFIX + "-" + executionName).replaceAll("-");
        return name.length() <= MAX_SESSION_NAME ? name : name.substring(0, MAX_SESSION_NAME);
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * {@code approved}: the plan items of the remediation pass after an approval, else null (a sweep); {@code exceptions}:
     * the exceptions file's rules that cover the account.
     */
    private record Request(String accountId, String roleName, String roleArn, String sessionName, String executionName,
                           Mode mode,
                           List<Check> checks, List<Region> regions, List<PlanItem> approved, List<ExceptionRule> exceptions,
                           FindingsExporter findings) {
    }

    public static final class Builder {
        private final StsClient sts;
        private final AccountClients accountClients;
        private final Region region;
        private CheckRegistry registry = CheckRegistry.create();
        private Env settings = Env.of(Map.of());
        private FindingsExporter findings = FindingsExporter.disabled();
        private int lanes = DEFAULT_LANES;

        private Builder(StsClient sts, AccountClients accountClients, Region region) {
            this.sts = sts;
            this.accountClients = accountClients;
            this.region = region;
        }

        /** The checks the checker can run (default: every shipped check). */
        public Builder registry(CheckRegistry registry) {
            this.registry = registry;
            return this;
        }

        /**
         * What checks read through {@link CheckContext#setting}: the function's environment in production (template
         * parameters such as SecurityContactEmail arrive there). Default: none.
         */
        public Builder settings(Env settings) {
            this.settings = settings;
            return this;
        }

        /** Exports each result to the member account's Security Hub after the checks (default: disabled). */
        public Builder findings(FindingsExporter findings) {
            this.findings = findings;
            return this;
        }

        /** At most this many of an account's tasks (checks, regions) at once (default {@link #DEFAULT_LANES}; 1 runs them in turn). */
        public Builder lanes(int lanes) {
            if (lanes < 1) {
                throw new IllegalArgumentException("lanes must be 1 or more: " + lanes);
            }
            this.lanes = lanes;
            return this;
        }

        public AccountChecker build() {
            return new AccountChecker(this);
        }
    }
}
