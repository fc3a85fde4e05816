package com.auditremediation.listaccounts;

import com.auditremediation.core.Json;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.ExceptionRule;
import com.auditremediation.local.DemoOrganization;
import com.auditremediation.local.DemoOrganization.Seeded;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ListAccounts reads the exceptions file from the report bucket in moto (through the fault proxy), once, before any
 * account is listed, and resolves it against the listed accounts and their OU ancestry: what the listing then carries.
 */
class ExceptionsInListingTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String BUCKET = "reports-bucket";
    private static final String KEY = "config/exceptions.yaml";
    /** The exceptions' "today": 2026-12-07 (UTC). */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T06:00:00Z"), ZoneOffset.UTC);

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private OrganizationsClient organizations;
    private S3Client s3;
    private Seeded org;

    @BeforeEach
    void setUp() {
        organizations = LocalClients.build(AccountLister.configure(OrganizationsClient.builder()), MOTO.proxyEndpoint(), Region.US_EAST_1);
        s3 = LocalClients.build(S3Client.builder(), MOTO.proxyEndpoint(), Region.US_EAST_1);
        s3.createBucket(r -> r.bucket(BUCKET));
        org = DemoOrganization.seed(organizations, Fixtures.nestedOrganization());
        MOTO.inject(new FaultRule("records calls", request -> calls.add(request.method() + " " + request.path() + " " + request.target()) && false,
                0, 200, "text/plain", ""));
    }

    @AfterEach
    void tearDown() {
        organizations.close();
        s3.close();
    }

    @Test
    void withoutAnObjectThereAreNoExceptionsAndTheListingIsAsBefore() throws IOException {
        AccountListing listing = list("{}");

        assertThat(listing.exceptions()).isNull();
        assertThat(listing.context().exceptions()).isNull();
        assertThat(listing.accounts()).extracting(AccountItem::exceptions).containsOnlyNulls();
        assertThat(calls).as("asked whether it exists, never read").anyMatch(call -> call.startsWith("GET /" + BUCKET + "?list-type=2"))
                .noneMatch(call -> call.startsWith("GET /" + BUCKET + "/" + KEY));
    }

    @Test
    void entriesInForceTravelOnceInTheContextAndEachAccountNamesTheOnesThatCoverItOrAnOuAboveIt() throws IOException {
        String workloads = org.byName("workloads-shared").ouId();
        String sandboxA = org.byName("sandbox-a").id();
        put(KEY, """
                exceptions:
                  - organizationalUnits: [%s]
                    checks: [guardduty-enabled]
                    reason: workloads run GuardDuty from the delegated administrator
                    owner: security@example.com
                    expires: 2027-06-30
                  - accounts: ['*']
                    checks: [ebs-default-encryption]
                    regions: [eu-west-1, us-west-2]
                    reason: no EBS in use
                    owner: platform@example.com
                    expires: 2026-12-20
                    ticket: SEC-12
                  - accounts: ['%s']
                    controls: [IAM.7]
                    reason: legacy identity provider
                    owner: identity@example.com
                    expires: 2026-12-06
                  - accounts: ['%s']
                    checks: [iam-password-policy, root-account-hygiene]
                    reason: sandbox
                    owner: sandbox@example.com
                    expires: 2027-01-31
                  - accounts: ['999999999999']
                    checks: [guardduty-enabled]
                    reason: an account outside the organisation
                    owner: nobody@example.com
                    expires: 2027-01-31
                """.formatted(workloads, sandboxA, sandboxA));

        AccountListing listing = list("{}");

        List<ExceptionRule> rules = listing.context().exceptions();
        assertThat(rules).extracting(ExceptionRule::entry).as("in file order; expired (2) and unused (4) left out").containsExactly(0, 1, 3);
        assertThat(rules.get(1).allAccounts()).isTrue();
        assertThat(rules.get(1).regions()).as("narrowed to the sweep's regions").containsExactly("eu-west-1");
        assertThat(rules.get(2).checks()).containsExactly("iam-password-policy", "root-account-hygiene");
        Map<String, List<Integer>> named = listing.accounts().stream().filter(account -> account.exceptions() != null)
                .collect(Collectors.toMap(AccountItem::name, AccountItem::exceptions));
        assertThat(named).isEqualTo(Map.of("workloads-shared", List.of(0), "prod-a", List.of(0), "prod-b", List.of(0),
                "payments-1", List.of(0), "dev-a", List.of(0), "sandbox-a", List.of(2)));
        assertThat(listing.exceptions().location()).isEqualTo("s3://" + BUCKET + "/" + KEY);
        assertThat(listing.exceptions().entries()).isEqualTo(5);
        assertThat(listing.exceptions().applied()).isEqualTo(3);
        assertThat(listing.exceptions().expiredCount()).isEqualTo(1);
        assertThat(listing.exceptions().expired()).singleElement().satisfies(note -> {
            assertThat(note.entry()).isEqualTo(2);
            assertThat(note.checks()).containsExactly("iam-password-policy");
            assertThat(note.expires()).isEqualTo("2026-12-06");
        });
    }

    @Test
    void theInputNamesAnotherObjectForOneRunAndAMissingOneIsRefused() throws IOException {
        put("config/sandbox-week.json", "{\"exceptions\": [{\"accounts\": [\"*\"], \"checks\": [\"guardduty-enabled\"], \"reason\": \"r\","
                + " \"owner\": \"o\", \"expires\": \"2026-12-14\"}]}");

        AccountListing listing = list("{\"ExceptionsKey\": \"config/sandbox-week.json\"}");

        assertThat(listing.exceptions().location()).isEqualTo("s3://" + BUCKET + "/config/sandbox-week.json");
        assertThat(listing.context().exceptions()).singleElement().extracting(ExceptionRule::allAccounts).isEqualTo(true);
        assertThatThrownBy(() -> list("{\"ExceptionsKey\": \"config/missing.yaml\"}")).isInstanceOf(InvalidInputException.class)
                .hasMessage("INVALID_INPUT: field 'ExceptionsKey': s3://" + BUCKET + "/config/missing.yaml does not exist; upload it"
                        + " first (bin/audit-remediation exceptions push FILE --key config/missing.yaml) or leave ExceptionsKey out for"
                        + " the template's " + KEY);
        assertThatThrownBy(() -> list("{\"ExceptionsKey\": \"reports/latest.yaml\"}")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("INVALID_INPUT: field 'ExceptionsKey': 'reports/latest.yaml' is not an exceptions object's key;"
                        + " use a key under config/");
    }

    @Test
    void anInvalidFileIsRefusedNamingTheObjectTheEntryAndTheFieldBeforeAnyAccountIsListed() {
        put(KEY, "exceptions:\n  - accounts: ['111122223333']\n    checks: [guardduty-enabled]\n    reason: r\n    owner: o\n"
                + "    expires: 2028-01-01\n");
        calls.clear();

        assertThatThrownBy(() -> list("{}")).isInstanceOf(InvalidInputException.class)
                .hasMessage("INVALID_INPUT: field 'exceptions[0].expires': in s3://" + BUCKET + "/" + KEY + ": '2028-01-01' is more than"
                        + " 366 days ahead (today is 2026-12-07, UTC); an accepted risk is reviewed at least once a year: set 2027-12-08 or"
                        + " earlier, and renew it then");
        assertThat(calls).as("no Organizations call").noneMatch(call -> call.contains("AWSOrganizations"));
    }

    @Test
    void anObjectThatCannotBeReadFailsTheSweepNamingIt() {
        put(KEY, "exceptions: []\n");
        FaultRule denied = MOTO.inject(new FaultRule("s3:GetObject denied", request -> request.method().equals("GET")
                && request.path().startsWith("/" + BUCKET + "/" + KEY), FaultRule.UNLIMITED, 403, "application/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"));

        assertThatThrownBy(() -> list("{}")).isInstanceOf(ExceptionsNotReadableException.class)
                .hasMessageStartingWith("s3:GetObject for the exceptions file s3://" + BUCKET + "/" + KEY + " was refused (AccessDenied)."
                        + " The sweep does not go on without its exceptions.");
        assertThat(denied.hits()).isEqualTo(1);
    }

    @Test
    void aListingThatCannotBeMadeFailsTheSweepToo() {
        MOTO.inject(new FaultRule("s3:ListBucket denied", request -> request.method().equals("GET")
                && request.path().startsWith("/" + BUCKET + "?list-type=2"), FaultRule.UNLIMITED, 403, "application/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"));

        assertThatThrownBy(() -> list("{}")).isInstanceOf(ExceptionsNotReadableException.class)
                .hasMessageStartingWith("s3:ListBucket for the exceptions file s3://" + BUCKET + "/" + KEY + " was refused (AccessDenied).");
    }

    private void put(String key, String content) {
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(content));
    }

    private AccountListing list(String input) throws IOException {
        ListAccountsHandler handler = new ListAccountsHandler(new AccountLister(organizations), Fixtures.settings(),
                new ListingPublisher(null, DistributedSettings.inline()), ApprovalSettings.defaults(),
                new ExceptionsSource(s3, BUCKET, KEY, "aws"), CLOCK);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, null);
        return Json.mapper().readValue(output.toByteArray(), AccountListing.class);
    }
}
