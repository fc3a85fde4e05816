package com.auditremediation.listaccounts;

import com.auditremediation.core.Json;
import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.Mode;
import com.auditremediation.local.DemoOrganization;
import com.auditremediation.local.DemoOrganization.Seeded;
import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListAccountsHandlerTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static OrganizationsClient organizations;
    private static AccountLister lister;

    @BeforeAll
    static void setUp() {
        organizations = LocalClients.build(AccountLister.configure(OrganizationsClient.builder()), MOTO.proxyEndpoint(), Region.US_EAST_1);
        lister = new AccountLister(organizations);
    }

    @AfterAll
    static void tearDown() {
        organizations.close();
    }

    @Test
    void theOriginalSingleAccountEventListsThatAccountWithItsOrganizationalUnit() throws IOException {
        Seeded org = DemoOrganization.seed(organizations, Fixtures.nestedOrganization());
        var prodA = org.byName("prod-a");

        JsonNode output = invoke(Fixtures.settings(), "{\"TargetAccountId\": \"" + prodA.id() + "\"}");

        assertThat(output.get("accounts")).hasSize(1);
        assertThat(output.get("accounts").get(0)).isEqualTo(Json.mapper().readTree(
                "{\"id\": \"" + prodA.id() + "\", \"name\": \"prod-a\", \"ouId\": \"" + prodA.ouId() + "\"}"));
        assertThat(output.get("skipped")).isEmpty();
        assertThat(output.get("excludedCount").asInt()).isZero();
        assertThat(output.get("maxConcurrency").asInt()).isEqualTo(10);
        assertThat(output.get("context")).isEqualTo(Json.mapper().readTree("""
                {"roleName": "aws-controltower-AdministratorExecutionRole", "mode": "audit",
                 "checks": %s, "regions": ["eu-west-1"]}""".formatted(Json.write(CheckCatalog.shipped().ids()))));
        assertThat(output.get("startedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void targetAccountIdAndAccountIdsAreMerged() throws IOException {
        Seeded org = DemoOrganization.seed(organizations, Fixtures.nestedOrganization());
        String prodA = org.byName("prod-a").id();
        String devA = org.byName("dev-a").id();

        JsonNode output = invoke(Fixtures.settings(),
                "{\"TargetAccountId\": \"" + prodA + "\", \"AccountIds\": [\"" + devA + "\", \"" + prodA + "\"]}");

        assertThat(ids(output.get("accounts"))).containsExactlyElementsOf(List.of(prodA, devA).stream().sorted().toList());
    }

    @Test
    void theTemplatesDefaultsApplyToAnEmptyInput() throws IOException {
        Seeded org = DemoOrganization.seed(organizations, Fixtures.nestedOrganization());
        ListAccountsSettings settings = new ListAccountsSettings("CustomExecutionRole", Mode.REMEDIATE, List.of("caller-identity"),
                List.of("eu-west-1", "eu-central-1"), List.of(org.byName("prod-a").ouId()), List.of(org.byName("prod-b").id()), 25, "aws");

        JsonNode output = invoke(settings, "{}");

        assertThat(ids(output.get("accounts"))).containsExactlyInAnyOrder(org.byName("prod-a").id(), org.byName("payments-1").id());
        assertThat(output.get("excludedCount").asInt()).isEqualTo(1);
        assertThat(output.get("maxConcurrency").asInt()).isEqualTo(25);
        assertThat(output.get("context")).isEqualTo(Json.mapper().readTree("""
                {"roleName": "CustomExecutionRole", "mode": "remediate", "checks": ["caller-identity"], "regions": ["eu-west-1", "eu-central-1"]}"""));
    }

    @Test
    void theInputOverridesTheDefaults() throws IOException {
        Seeded org = DemoOrganization.seed(organizations, Fixtures.nestedOrganization());
        ListAccountsSettings settings = new ListAccountsSettings("CustomExecutionRole", Mode.REMEDIATE, List.of("caller-identity"),
                List.of("eu-west-1"), List.of(org.byName("prod-a").ouId()), List.of(org.byName("prod-b").id()), 25, "aws");
        String sandbox = org.byName("sandbox-a").ouId();

        JsonNode output = invoke(settings, """
                {"OrganizationalUnitIds": ["%s"], "ExcludeAccountIds": ["%s"], "RoleName": "OtherRole", "Mode": "audit",
                 "Checks": ["caller-identity"], "Regions": ["us-east-1"]}""".formatted(sandbox, org.byName("sandbox-a").id()));

        assertThat(output.get("accounts")).isEmpty();
        assertThat(output.get("skipped")).hasSize(1);
        assertThat(output.get("skipped").get(0).get("errorCode").asText()).isEqualTo("ACCOUNT_NOT_ACTIVE");
        assertThat(output.get("excludedCount").asInt()).isEqualTo(1);
        assertThat(output.get("context")).isEqualTo(Json.mapper().readTree("""
                {"roleName": "OtherRole", "mode": "audit", "checks": ["caller-identity"], "regions": ["us-east-1"]}"""));
    }

    @Test
    void explicitAccountIdsIgnoreTheDefaultOrganizationalUnits() throws IOException {
        Seeded org = DemoOrganization.seed(organizations, Fixtures.nestedOrganization());
        ListAccountsSettings settings = new ListAccountsSettings("CustomExecutionRole", Mode.AUDIT, List.of("caller-identity"),
                List.of("eu-west-1"), List.of(org.byName("prod-a").ouId()), List.of(), 10, "aws");

        JsonNode output = invoke(settings, "{\"TargetAccountId\": \"" + org.byName("dev-a").id() + "\"}");

        assertThat(ids(output.get("accounts"))).containsExactly(org.byName("dev-a").id());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed account id     | {"AccountIds": ["111122223333", "222233334444", "12345"]}       | AccountIds[2]
            account id as number     | {"TargetAccountId": 12345}                                        | TargetAccountId
            malformed target id      | {"TargetAccountId": "arn:aws:iam::111122223333:root"}             | TargetAccountId
            account id as JSON number | {"AccountIds": [111122223333]}                                   | AccountIds[0]
            account ids as string    | {"AccountIds": "123"}                                             | AccountIds
            empty account ids        | {"AccountIds": []}                                                | AccountIds
            OU id of the wrong shape | {"OrganizationalUnitIds": ["ou-ab12-cdef3456", "Workloads"]}      | OrganizationalUnitIds[1]
            OU ids as object         | {"OrganizationalUnitIds": {"id": "ou-ab12-cdef3456"}}             | OrganizationalUnitIds
            empty OU ids             | {"OrganizationalUnitIds": []}                                     | OrganizationalUnitIds
            malformed excluded id    | {"ExcludeAccountIds": ["1111-2222-3333"]}                         | ExcludeAccountIds[0]
            empty exclusions         | {"ExcludeAccountIds": []}                                         | ExcludeAccountIds
            role name as ARN         | {"RoleName": "arn:aws:iam::111122223333:role/r"}                  | RoleName
            unknown check            | {"Checks": ["caller-identity", "s3-public-access"]}               | Checks[1]
            empty checks             | {"Checks": []}                                                    | Checks
            checks as string         | {"Checks": "caller-identity"}                                     | Checks
            bad mode                 | {"Mode": "fix"}                                                   | Mode
            mode as boolean          | {"Mode": true}                                                    | Mode
            bad region               | {"Regions": ["Ireland"]}                                          | Regions[0]
            empty regions            | {"Regions": []}                                                   | Regions
            unknown field            | {"TargetAccountID": "111122223333"}                               | TargetAccountID
            not an object            | ["111122223333"]                                                  | (input)
            not JSON                 | TargetAccountId=111122223333                                      | (input)
            """)
    void badInputIsRejectedNamingTheField(String problem, String input, String field) {
        assertThatThrownBy(() -> invoke(Fixtures.settings(), input))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith("INVALID_INPUT: field '" + field + "'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a region no partition has   | {"Mode": "remediate", "Regions": ["eu-west-1", "us-east-7"]}     | Regions[1]
            a region of another one     | {"Mode": "remediate", "Regions": ["cn-north-1"]}                  | Regions[0]
            null in a list              | {"Mode": "remediate", "Checks": [null]}                           | Checks[0]
            a repeated account          | {"AccountIds": ["111122223333", "444455556666", "111122223333"]} | AccountIds[2]
            a look-alike mode           | {"Mode": "remed\u0131ate"}                                        | Mode
            """)
    void hostileInputFailsTheRunBeforeAnyOrganizationsCall(String problem, String input, String field) {
        List<String> calls = new ArrayList<>();
        MOTO.inject(new FaultRule("records every call", request -> calls.add(request.toString()) && false, FaultRule.UNLIMITED, 500, "", ""));

        assertThatThrownBy(() -> invoke(Fixtures.settings(), input))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
        assertThat(calls).isEmpty();

        // The recorder does see calls: a valid input makes some (and fails here, moto having no organisation).
        assertThatThrownBy(() -> invoke(Fixtures.settings(), "{\"Mode\": \"remediate\"}")).isNotInstanceOf(InvalidInputException.class);
        assertThat(calls).isNotEmpty();
    }

    @Test
    void anUnknownCheckIsRejectedListingTheValidOnes() {
        assertThatThrownBy(() -> invoke(Fixtures.settings(), "{\"Checks\": [\"caller-identiy\"]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("INVALID_INPUT: field 'Checks[0]': 'caller-identiy' is not a check; valid checks: "
                        + String.join(", ", CheckCatalog.shipped().ids()));
    }

    @Test
    void anUnknownFieldIsRejectedListingTheKnownOnes() {
        assertThatThrownBy(() -> invoke(Fixtures.settings(), "{\"Accounts\": [\"111122223333\"]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("field 'Accounts': is not a known field")
                .hasMessageContaining("AccountIds")
                .hasMessageContaining("TargetAccountId");
    }

    @Test
    void anApprovalRunCarriesTheWaitsTimeoutAndRefusesTheDistributedMap() throws IOException {
        Seeded org = DemoOrganization.seed(organizations, Fixtures.nestedOrganization());
        String input = "{\"Mode\": \"remediate\", \"Approval\": \"required\", \"TargetAccountId\": \"" + org.byName("prod-a").id() + "\"}";
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        new ListAccountsHandler(lister, Fixtures.settings(), new ListingPublisher(null, DistributedSettings.inline()), new ApprovalSettings(3_600))
                .handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, null);
        JsonNode listing = Json.mapper().readTree(output.toByteArray());

        assertThat(listing.get("approvalTimeoutSeconds").asInt()).isEqualTo(3_600);
        assertThat(listing.get("context").get("approval").asText()).isEqualTo("required");
        assertThat(invoke(Fixtures.settings(), "{}").has("approvalTimeoutSeconds")).isFalse();
        try (S3Client s3 = LocalClients.build(S3Client.builder(), MOTO.endpoint(), Region.US_EAST_1)) {
            s3.createBucket(r -> r.bucket("approval-listings"));
            ListAccountsHandler distributed = new ListAccountsHandler(lister, Fixtures.settings(),
                    new ListingPublisher(s3, new DistributedSettings(MapMode.DISTRIBUTED, "approval-listings", 400, 25)), new ApprovalSettings(3_600));
            assertThatThrownBy(() -> distributed.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), null))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("'Approval'").hasMessageContaining("inline Map");
        }
    }

    private static JsonNode invoke(ListAccountsSettings settings, String input) throws IOException {
        return Json.mapper().readTree(invokeRaw(settings, input));
    }

    /** Runs the handler as Lambda does, on the JSON text of the input; returns the output's JSON text. */
    static String invokeRaw(ListAccountsSettings settings, String input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new ListAccountsHandler(lister, settings).handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, null);
        return output.toString(StandardCharsets.UTF_8);
    }

    private static List<String> ids(JsonNode accounts) {
        List<String> ids = new ArrayList<>();
        accounts.forEach(account -> ids.add(account.get("id").asText()));
        return ids;
    }
}
