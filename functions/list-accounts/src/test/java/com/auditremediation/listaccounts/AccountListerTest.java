package com.auditremediation.listaccounts;

import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.error.ServiceUnavailableException;
import com.auditremediation.core.error.ThrottledException;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.AccountSelection;
import com.auditremediation.core.model.ExecutionInput;
import com.auditremediation.core.model.SkippedAccount;
import com.auditremediation.local.DemoOrganization;
import com.auditremediation.local.DemoOrganization.Seeded;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import com.auditremediation.local.OrganizationSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class AccountListerTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String UNKNOWN_ACCOUNT_ID = "999999999999";

    /** Straight to moto, for arranging. */
    private static OrganizationsClient direct;
    /** Through the fault proxy, configured as in production. */
    private static OrganizationsClient organizations;
    private static AccountLister lister;

    @BeforeAll
    static void setUp() {
        direct = LocalClients.build(OrganizationsClient.builder(), MOTO.endpoint(), Region.US_EAST_1);
        organizations = LocalClients.build(AccountLister.configure(OrganizationsClient.builder()), MOTO.proxyEndpoint(), Region.US_EAST_1);
        lister = new AccountLister(organizations);
    }

    @AfterAll
    static void tearDown() {
        direct.close();
        organizations.close();
    }

    @Test
    void listsEveryPageOfAnOrganizationLargerThanOnePage() {
        Seeded org = DemoOrganization.seed(direct, Fixtures.flatOrganization(45));
        assertThat(direct.listAccounts(r -> r.maxResults(20)).nextToken()).as("moto pages as AWS does").isNotNull();

        AccountListing listing = lister.list(resolve(ExecutionInput.empty()));

        assertThat(listing.accounts()).extracting(AccountItem::id)
                .containsExactlyElementsOf(org.accounts().stream().map(DemoOrganization.SeededAccount::id).sorted().toList());
        assertThat(listing.accounts()).extracting(AccountItem::ouId).containsOnly(org.rootId());
        assertThat(listing.accounts()).extracting(AccountItem::name).contains("member-001", "member-045");
        assertThat(listing.skipped()).extracting(SkippedAccount::accountId, SkippedAccount::errorCode)
                .containsExactly(tuple(org.managementAccountId(), ErrorCode.MANAGEMENT_ACCOUNT));
        assertThat(listing.excludedCount()).isZero();
    }

    @Test
    void theWholeOrganizationListsEveryAccountOnceWithItsDirectParent() {
        Seeded org = DemoOrganization.seed(direct, Fixtures.nestedOrganization());

        AccountListing listing = lister.list(resolve(ExecutionInput.empty()));

        assertThat(listing.accounts()).containsExactlyElementsOf(items(org,
                "workloads-shared", "prod-a", "prod-b", "payments-1", "dev-a", "sandbox-a", "root-account"));
        assertThat(listing.skipped()).extracting(SkippedAccount::accountId, SkippedAccount::errorCode)
                .containsExactlyInAnyOrder(
                        tuple(org.managementAccountId(), ErrorCode.MANAGEMENT_ACCOUNT),
                        tuple(org.byName("sandbox-closed").id(), ErrorCode.ACCOUNT_NOT_ACTIVE));
        assertThat(listing.skipped()).extracting(SkippedAccount::accountId).isSorted();
    }

    @Test
    void aSuspendedAccountIsSkippedWithItsState() {
        Seeded org = DemoOrganization.seed(direct, Fixtures.nestedOrganization());
        var closed = org.byName("sandbox-closed");

        AccountListing listing = lister.list(resolve(input(null, List.of(closed.id()), null, null)));

        assertThat(listing.accounts()).isEmpty();
        assertThat(listing.skipped()).singleElement().satisfies(row -> {
            assertThat(row).extracting(SkippedAccount::accountId, SkippedAccount::accountName, SkippedAccount::ouId, SkippedAccount::errorCode)
                    .containsExactly(closed.id(), "sandbox-closed", closed.ouId(), ErrorCode.ACCOUNT_NOT_ACTIVE);
            assertThat(row.errorMessage()).isEqualTo("the account is SUSPENDED, not ACTIVE; only ACTIVE accounts are swept");
        });
    }

    @Test
    void theManagementAccountIsSkippedEvenWhenAskedFor() {
        Seeded org = DemoOrganization.seed(direct, Fixtures.nestedOrganization());

        AccountListing listing = lister.list(resolve(input(org.managementAccountId(), null, null, null)));

        assertThat(listing.accounts()).isEmpty();
        assertThat(listing.skipped()).singleElement().satisfies(row -> {
            assertThat(row.accountId()).isEqualTo(org.managementAccountId());
            assertThat(row.ouId()).isEqualTo(org.rootId());
            assertThat(row.errorCode()).isEqualTo(ErrorCode.MANAGEMENT_ACCOUNT);
            assertThat(row.errorMessage()).contains("management account", "aws-controltower-AdministratorExecutionRole");
        });
    }

    @Test
    void anOrganizationalUnitScopeIncludesEveryLevelBelowItAndNothingBeside() {
        Seeded org = DemoOrganization.seed(direct, Fixtures.nestedOrganization());
        String production = org.byName("prod-a").ouId();

        AccountListing listing = lister.list(resolve(input(null, null, List.of(production), null)));

        assertThat(listing.accounts()).containsExactlyElementsOf(items(org, "prod-a", "prod-b", "payments-1"));
        assertThat(listing.accounts()).filteredOn(a -> a.name().equals("payments-1")).extracting(AccountItem::ouId)
                .containsExactly(org.byName("payments-1").ouId()).doesNotContain(production);
        assertThat(listing.skipped()).isEmpty();
    }

    @Test
    void theListingNamesEachAccountsOuByItsPathAndRecordsWhatTheInputSelected() {
        Seeded org = DemoOrganization.seed(direct, Fixtures.nestedOrganization());

        AccountListing whole = lister.list(resolve(ExecutionInput.empty()));
        AccountListing production = lister.list(resolve(input(null, null, List.of(org.byName("prod-a").ouId()), List.of(org.byName("prod-b").id()))));

        assertThat(whole.organizationalUnits()).containsExactlyInAnyOrderEntriesOf(Map.of(
                org.byName("workloads-shared").ouId(), "Workloads",
                org.byName("prod-a").ouId(), "Workloads/Production",
                org.byName("payments-1").ouId(), "Workloads/Production/Payments",
                org.byName("dev-a").ouId(), "Workloads/Development",
                org.byName("sandbox-a").ouId(), "Sandbox",
                org.rootId(), "Root"));
        assertThat(whole.selection()).isEqualTo(AccountSelection.wholeOrganization(List.of()));
        assertThat(production.organizationalUnits()).as("a subtree's OUs have their whole path, the names above it read upwards")
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        org.byName("prod-a").ouId(), "Workloads/Production",
                        org.byName("payments-1").ouId(), "Workloads/Production/Payments"));
        assertThat(production.selection()).isEqualTo(new AccountSelection(List.of(), List.of(org.byName("prod-a").ouId()),
                List.of(org.byName("prod-b").id())));
    }

    @Test
    void anOrganizationalUnitNamedTogetherWithOneOfItsChildrenListsEachAccountOnce() {
        Seeded org = DemoOrganization.seed(direct, Fixtures.nestedOrganization());
        String payments = org.byName("payments-1").ouId();
        String workloads = org.byName("workloads-shared").ouId();

        AccountListing listing = lister.list(resolve(input(null, null, List.of(payments, workloads), null)));

        assertThat(listing.accounts()).containsExactlyElementsOf(items(org, "workloads-shared", "prod-a", "prod-b", "payments-1", "dev-a"));
    }

    @Test
    void theRootIdAsScopeIsTheWholeOrganization() {
        Seeded org = DemoOrganization.seed(direct, Fixtures.nestedOrganization());

        AccountListing listing = lister.list(resolve(input(null, null, List.of(org.rootId()), null)));

        assertThat(listing.accounts()).hasSize(7);
        assertThat(listing.skipped()).extracting(SkippedAccount::errorCode)
                .containsExactlyInAnyOrder(ErrorCode.MANAGEMENT_ACCOUNT, ErrorCode.ACCOUNT_NOT_ACTIVE);
    }

    @Test
    void organizationalUnitsAndAccountIdsSelectTheUnionOfBoth() {
        Seeded org = DemoOrganization.seed(direct, Fixtures.nestedOrganization());
        String sandbox = org.byName("sandbox-a").ouId();

        AccountListing listing = lister.list(resolve(input(null, List.of(org.byName("dev-a").id()), List.of(sandbox), null)));

        assertThat(listing.accounts()).containsExactlyElementsOf(items(org, "dev-a", "sandbox-a"));
        assertThat(listing.skipped()).extracting(SkippedAccount::accountId, SkippedAccount::errorCode)
                .containsExactly(tuple(org.byName("sandbox-closed").id(), ErrorCode.ACCOUNT_NOT_ACTIVE));
    }

    @Test
    void excludedAccountsAreLeftOutAndCountedWhateverElseWouldHappenToThem() {
        Seeded org = DemoOrganization.seed(direct, Fixtures.nestedOrganization());
        List<String> excluded = List.of(org.byName("prod-a").id(), org.byName("sandbox-closed").id(), org.managementAccountId(), UNKNOWN_ACCOUNT_ID);

        AccountListing listing = lister.list(resolve(input(null, null, null, excluded)));

        assertThat(listing.excludedCount()).as("the id outside the organisation was never in scope").isEqualTo(3);
        assertThat(listing.accounts()).containsExactlyElementsOf(items(org,
                "workloads-shared", "prod-b", "payments-1", "dev-a", "sandbox-a", "root-account"));
        assertThat(listing.skipped()).isEmpty();
    }

    @Test
    void anExplicitlyRequestedAccountThatIsAlsoExcludedIsExcluded() {
        Seeded org = DemoOrganization.seed(direct, Fixtures.nestedOrganization());
        String devA = org.byName("dev-a").id();

        AccountListing listing = lister.list(resolve(input(devA, null, null, List.of(devA))));

        assertThat(listing.accounts()).isEmpty();
        assertThat(listing.skipped()).isEmpty();
        assertThat(listing.excludedCount()).isEqualTo(1);
    }

    @Test
    void aRequestedAccountOutsideTheOrganizationIsSkippedNotDropped() {
        Seeded org = DemoOrganization.seed(direct, Fixtures.nestedOrganization());

        AccountListing listing = lister.list(resolve(input(null, List.of(org.byName("dev-a").id(), UNKNOWN_ACCOUNT_ID), null, null)));

        assertThat(listing.accounts()).containsExactlyElementsOf(items(org, "dev-a"));
        assertThat(listing.skipped()).singleElement().satisfies(row -> {
            assertThat(row.accountId()).isEqualTo(UNKNOWN_ACCOUNT_ID);
            assertThat(row.errorCode()).isEqualTo(ErrorCode.NOT_IN_ORGANIZATION);
            assertThat(row.errorMessage()).contains("is not a member of organisation o-");
        });
    }

    @Test
    void anOrganizationalUnitThatDoesNotExistIsInvalidInputNamingIt() {
        Seeded org = DemoOrganization.seed(direct, Fixtures.nestedOrganization());
        List<String> units = List.of(org.byName("sandbox-a").ouId(), "ou-zzzz-zzzzzzzz");

        assertThatThrownBy(() -> lister.list(resolve(input(null, null, units, null))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("OrganizationalUnitIds[1]"))
                .hasMessageContaining("'ou-zzzz-zzzzzzzz' is not an organizational unit or root of this organisation");
        assertThatThrownBy(() -> lister.list(resolve(input(null, List.of(org.byName("dev-a").id()), units, null))))
                .as("with account ids, the OUs are checked against the walk of the whole tree")
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("OrganizationalUnitIds[1]"));
    }

    @Test
    void anAccountThatTheWalkDidNotFindIsKeptWithoutAnOrganizationalUnit() {
        Seeded org = DemoOrganization.seed(direct, Fixtures.nestedOrganization());
        String development = org.byName("dev-a").ouId();
        // moto's answers are always consistent; AWS's may not be while an account moves. The walk is made to miss dev-a.
        FaultRule stale = MOTO.inject(new FaultRule("ListAccountsForParent of Development answers empty",
                request -> request.isOrganizationsAction("ListAccountsForParent") && request.body().contains(development),
                FaultRule.UNLIMITED, 200, "application/x-amz-json-1.1", "{\"Accounts\":[]}"));

        AccountListing listing = lister.list(resolve(ExecutionInput.empty()));

        assertThat(stale.hits()).isEqualTo(1);
        assertThat(listing.accounts()).hasSize(7)
                .contains(new AccountItem(org.byName("dev-a").id(), "dev-a", null))
                .contains(items(org, "prod-a").get(0));
    }

    @Test
    void throttlingIsRetriedByTheSdkAndTheListingIsComplete() {
        DemoOrganization.seed(direct, Fixtures.nestedOrganization());
        AccountListing unthrottled = lister.list(resolve(ExecutionInput.empty()));
        FaultRule listAccounts = MOTO.inject(FaultRule.organizationsThrottling("ListAccounts", 3));
        FaultRule listAccountsForParent = MOTO.inject(FaultRule.organizationsThrottling("ListAccountsForParent", 2));
        FaultRule describeOrganization = MOTO.inject(FaultRule.organizationsThrottling("DescribeOrganization", 1));

        AccountListing listing = lister.list(resolve(ExecutionInput.empty()));

        assertThat(listAccounts.hits()).isEqualTo(3);
        assertThat(listAccountsForParent.hits()).isEqualTo(2);
        assertThat(describeOrganization.hits()).isEqualTo(1);
        assertThat(listing.accounts()).hasSize(7).isEqualTo(unthrottled.accounts());
        assertThat(listing.skipped()).hasSize(2).isEqualTo(unthrottled.skipped());
        assertThat(listing.excludedCount()).isEqualTo(unthrottled.excludedCount());
    }

    @Test
    void throttlingThatOutlastsTheRetriesIsThrownAsThrottled() {
        DemoOrganization.seed(direct, Fixtures.nestedOrganization());
        FaultRule throttled = MOTO.inject(FaultRule.organizationsThrottling("ListAccounts", FaultRule.UNLIMITED));
        try (OrganizationsClient quick = LocalClients.build(
                AccountLister.configure(OrganizationsClient.builder(), Duration.ofMillis(1), Duration.ofMillis(1)), MOTO.proxyEndpoint(), Region.US_EAST_1)) {

            assertThatThrownBy(() -> new AccountLister(quick).list(resolve(ExecutionInput.empty())))
                    .isExactlyInstanceOf(ThrottledException.class)
                    .hasMessageContaining("organizations:ListAccounts was throttled (TooManyRequestsException)");
            assertThat(throttled.hits()).isEqualTo(AccountLister.MAX_ATTEMPTS);
        }
    }

    @Test
    void serverErrorsThatOutlastTheRetriesAreThrownAsServiceUnavailable() {
        DemoOrganization.seed(direct, Fixtures.nestedOrganization());
        // FaultRule has no 5xx for Organizations; this is the JSON error AWS sends with a 500.
        FaultRule failing = MOTO.inject(new FaultRule("organizations:ListRoots 500", request -> request.isOrganizationsAction("ListRoots"),
                FaultRule.UNLIMITED, 500, "application/x-amz-json-1.1",
                "{\"__type\":\"ServiceException\",\"Message\":\"AWS Organizations can't complete your request because of an internal service error.\"}"));
        try (OrganizationsClient quick = LocalClients.build(
                AccountLister.configure(OrganizationsClient.builder(), Duration.ofMillis(1), Duration.ofMillis(1)), MOTO.proxyEndpoint(), Region.US_EAST_1)) {

            assertThatThrownBy(() -> new AccountLister(quick).list(resolve(ExecutionInput.empty())))
                    .isExactlyInstanceOf(ServiceUnavailableException.class)
                    .hasMessageContaining("organizations:ListRoots failed with HTTP 500");
            assertThat(failing.hits()).isEqualTo(AccountLister.MAX_ATTEMPTS);
        }
    }

    @Test
    void accessDeniedSaysWhatAccessIsNeededAndHowToCheckIt() {
        DemoOrganization.seed(direct, Fixtures.nestedOrganization());
        MOTO.inject(FaultRule.organizationsAccessDenied());

        assertThatThrownBy(() -> lister.list(resolve(ExecutionInput.empty())))
                .isExactlyInstanceOf(OrganizationsAccessDeniedException.class)
                .hasMessageStartingWith("organizations:DescribeOrganization was refused (AccessDeniedException). Listing accounts needs Organizations read access")
                .hasMessageContaining("the Audit account must be a delegated administrator of a service in the organisation")
                .hasMessageContaining("resource-based delegation policy")
                .hasMessageContaining("aws organizations list-delegated-administrators");
    }

    @Test
    void anAccountOutsideAnyOrganizationIsRefusedTheSameWay() {
        // No organisation created: moto answers AWSOrganizationsNotInUseException, as AWS does.

        assertThatThrownBy(() -> lister.list(resolve(ExecutionInput.empty())))
                .isExactlyInstanceOf(OrganizationsAccessDeniedException.class)
                .hasMessageContaining("(AWSOrganizationsNotInUseException)");
    }

    @Test
    void theListingCarriesTheRunContextAndItsStartTimeAndLogsOneLineAtEachEnd() {
        DemoOrganization.seed(direct, Fixtures.nestedOrganization());
        AccountLister clocked = new AccountLister(organizations, Clock.fixed(Instant.parse("2025-06-01T02:00:00Z"), ZoneOffset.UTC));
        ListAccountsRequest request = resolve(ExecutionInput.empty());

        AccountListing listing;
        List<String> lines;
        try (CapturedOut out = CapturedOut.start()) {
            listing = clocked.list(request);
            lines = out.lines();
        }

        assertThat(listing.startedAt()).isEqualTo("2025-06-01T02:00:00Z");
        assertThat(listing.context()).isEqualTo(request.context());
        assertThat(listing.maxConcurrency()).isEqualTo(10);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"event\":\"list-accounts.start\"", "\"scope\":\"organization\"");
        assertThat(lines.get(1)).contains("\"event\":\"list-accounts.end\"", "\"accounts\":7", "\"skipped\":2", "\"excluded\":0");
        assertThat(String.join("\n", lines)).doesNotContain("testing");
    }

    private static ListAccountsRequest resolve(ExecutionInput input) {
        return ListAccountsRequest.resolve(input, Fixtures.settings());
    }

    private static ExecutionInput input(String targetAccountId, List<String> accountIds, List<String> organizationalUnitIds, List<String> excludeAccountIds) {
        return new ExecutionInput(targetAccountId, accountIds, organizationalUnitIds, excludeAccountIds, null, null, null, null, null, null, null, null);
    }

    /** The items that the named seeded accounts should become, sorted by id as the listing is. */
    private static List<AccountItem> items(Seeded org, String... names) {
        return java.util.Arrays.stream(names).map(org::byName)
                .map(a -> new AccountItem(a.id(), a.name(), a.ouId()))
                .sorted(java.util.Comparator.comparing(AccountItem::id))
                .toList();
    }
}
