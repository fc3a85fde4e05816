package com.auditremediation.core.exceptions;

import com.auditremediation.core.catalog.CheckCatalog;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every refusal the issue lists, in YAML and JSON, each naming the entry and the field and saying what to write; what
 * is accepted, expired entries included.
 */
class ExceptionsFileTest {

    static final LocalDate TODAY = LocalDate.parse("2026-12-07");
    static final CheckCatalog CATALOG = CheckCatalog.of(List.of(
            CheckDescriptor.builder("iam-password-policy").title("Password policy").controls("IAM.7", "IAM.11").severity(com.auditremediation.core.catalog.Severity.MEDIUM).reads("iam:GetAccountPasswordPolicy")
                    .fixes("iam:UpdateAccountPasswordPolicy").recommendation("Set it.").build(),
            CheckDescriptor.builder("guardduty-enabled").title("GuardDuty").controls("GuardDuty.1").regional().severity(com.auditremediation.core.catalog.Severity.HIGH).reads("guardduty:ListDetectors")
                    .recommendation("Enable it.").build(),
            CheckDescriptor.builder("ebs-default-encryption").title("EBS").controls("EC2.7").regional().severity(com.auditremediation.core.catalog.Severity.MEDIUM).reads("ec2:GetEbsEncryptionByDefault")
                    .fixes("ec2:EnableEbsEncryptionByDefault").recommendation("Enable it.").build()));
    private final ExceptionsFile file = new ExceptionsFile(CATALOG, "aws");

    /** One entry in YAML: {@code fields} replace or remove (null) the valid entry's lines. */
    private static String entry(String... lines) {
        return "exceptions:\n  - " + String.join("\n    ", lines) + "\n";
    }

    private static final String[] VALID = {"accounts: ['111122223333']", "checks: [guardduty-enabled]", "regions: [eu-west-1]",
            "reason: sandbox, no production data", "owner: platform@example.com", "expires: 2027-03-31", "ticket: SEC-1"};

    private static String without(String key, String... extra) {
        List<String> lines = new java.util.ArrayList<>(Stream.of(VALID).filter(line -> !line.startsWith(key + ":")).toList());
        lines.addAll(List.of(extra));
        return entry(lines.toArray(String[]::new));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments("unknown check id", without("checks", "checks: [guard-duty]"), "exceptions[0].checks[0]",
                        "'guard-duty' is not a check; valid checks: iam-password-policy, guardduty-enabled, ebs-default-encryption"),
                arguments("unknown control id", without("checks", "controls: [GuardDuty.9]"), "exceptions[0].controls[0]",
                        "'GuardDuty.9' is not a Security Hub control that a check implements; supported controls: IAM.7, IAM.11, GuardDuty.1, EC2.7"),
                arguments("account id not 12 digits", without("accounts", "accounts: ['12345']"), "exceptions[0].accounts[0]",
                        "'12345' is not an AWS account id; use the 12 digits"),
                arguments("account id as a YAML number", without("accounts", "accounts: [111122223333]"), "exceptions[0].accounts[0]",
                        "is not text to YAML; put it in quotes: \"111122223333\""),
                arguments("OU id of the wrong shape", without("accounts", "organizationalUnits: [Sandbox]"), "exceptions[0].organizationalUnits[0]",
                        "'Sandbox' is not an organizational unit id; use the OU id (\"ou-ab12-cdef3456\")"),
                arguments("no accounts and no OUs", without("accounts"), "exceptions[0].accounts",
                        "is missing; name the accounts the risk is accepted in"),
                arguments("no checks and no controls", without("checks"), "exceptions[0].checks", "is missing; name what the risk is about"),
                arguments("missing reason", without("reason"), "exceptions[0].reason", "is missing; every exception says why the risk is accepted"),
                arguments("blank reason", without("reason", "reason: '  '"), "exceptions[0].reason", "is missing"),
                arguments("missing owner", without("owner"), "exceptions[0].owner", "is missing; every exception says who answers for it"),
                arguments("missing expires", without("expires"), "exceptions[0].expires",
                        "is missing; every exception expires: give its last day as YYYY-MM-DD, at most 366 days ahead"),
                arguments("expires not a date", without("expires", "expires: 31/03/2027"), "exceptions[0].expires",
                        "'31/03/2027' is not a date; write it as YYYY-MM-DD"),
                arguments("expires more than 366 days ahead", without("expires", "expires: 2027-12-09"), "exceptions[0].expires",
                        "'2027-12-09' is more than 366 days ahead (today is 2026-12-07, UTC); an accepted risk is reviewed at least once a year:"
                                + " set 2027-12-08 or earlier"),
                arguments("every account and every check", entry("accounts: ['*']", "checks: ['*']", "reason: r", "owner: o",
                        "expires: 2027-01-31"), "exceptions[0]", "covers every account and every check, which would silence the whole sweep"),
                arguments("the root and every check named", entry("organizationalUnits: [r-ab12]", "checks: [iam-password-policy, guardduty-enabled]",
                        "controls: [EC2.7]", "reason: r", "owner: o", "expires: 2027-01-31"), "exceptions[0]", "covers every account and every check"),
                arguments("'*' beside ids", without("accounts", "accounts: ['111122223333', '*']"), "exceptions[0].accounts[1]",
                        "\"*\" covers them all; remove the other values"),
                arguments("an id twice", without("accounts", "accounts: ['111122223333', '111122223333']"), "exceptions[0].accounts[1]",
                        "repeats exceptions[0].accounts[0]"),
                arguments("an empty list", without("accounts", "accounts: []"), "exceptions[0].accounts", "is an empty list; give at least one"),
                arguments("regions beside a global check", without("checks", "checks: [iam-password-policy]"), "exceptions[0].regions",
                        "applies only to regional checks, and iam-password-policy is not regional"),
                arguments("a region of no partition", without("regions", "regions: [eu-west-9]"), "exceptions[0].regions[0]",
                        "'eu-west-9' is not a region of the aws partition"),
                arguments("an unknown key", without("ticket", "tikcet: SEC-1"), "exceptions[0].tikcet",
                        "is not a known field; known fields: accounts, checks, controls, expires, organizationalUnits, owner, reason, regions, ticket"),
                arguments("a key twice", without("ticket", "ticket: SEC-1", "ticket: SEC-2"), "exceptions[0].ticket",
                        "appears twice in the same object; keep one"),
                arguments("a list where an object belongs", "- accounts: ['111122223333']\n", "(input)", "expected an object (key: value lines), got a list"),
                arguments("text where a list belongs", without("accounts", "accounts: '111122223333'"), "exceptions[0].accounts",
                        "expected a list, got text"),
                arguments("an object where the list belongs", "exceptions:\n  accounts: ['111122223333']\n", "exceptions",
                        "expected a list, got an object"),
                arguments("no exceptions key", "other: 1\n", "other", "is not a known field; known fields: exceptions"),
                arguments("a reason too long", without("reason", "reason: " + "x".repeat(301)), "exceptions[0].reason",
                        "is 301 characters, more than 300; shorten it"),
                arguments("not YAML", "exceptions: [\n", "exceptions", "is not valid YAML"),
                arguments("an empty file", "", "(input)", "the input is empty; send a YAML object, for example exceptions: []"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithInvalidInputNamingTheEntryAndTheField(String what, String yaml, String field, String message) {
        assertThatThrownBy(() -> file.read("exceptions.yaml", yaml.getBytes(StandardCharsets.UTF_8), TODAY))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("INVALID_INPUT: field '" + field + "': ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    }

    @Test
    void theSecondEntryIsNamedByItsIndex() {
        String yaml = entry(VALID) + "  - " + String.join("\n    ", without("owner").substring("exceptions:\n  - ".length()).strip().split("\n    "))
                + "\n";

        assertThatThrownBy(() -> file.read("exceptions.yaml", yaml.getBytes(StandardCharsets.UTF_8), TODAY))
                .hasMessageStartingWith("INVALID_INPUT: field 'exceptions[1].owner': is missing");
    }

    @Test
    void readsAValidFileWithControlsMappedToChecksAndAnExpiredEntryValid() {
        String yaml = "exceptions:\n"
                + "  - organizationalUnits: [ou-ab12-sandbox1]\n    controls: [GuardDuty.1, IAM.11]\n    reason: |\n      sandbox:\n      no data\n"
                + "    owner: platform@example.com\n    expires: '2027-12-08'\n"
                + "  - accounts: ['*']\n    checks: [ebs-default-encryption]\n    regions: [ap-south-1]\n    reason: region unused\n"
                + "    owner: cloud@example.com\n    expires: 2026-12-06\n    ticket: SEC-9\n";

        List<ValidatedEntry> entries = file.read("x.yml", yaml.getBytes(StandardCharsets.UTF_8), TODAY);

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0)).satisfies(entry -> {
            assertThat(entry.checks()).containsExactly("iam-password-policy", "guardduty-enabled");
            assertThat(entry.organizationalUnits()).containsExactly("ou-ab12-sandbox1");
            assertThat(entry.allAccounts()).isFalse();
            assertThat(entry.reason()).isEqualTo("sandbox: no data");
            assertThat(entry.expiredOn(TODAY)).isFalse();
            assertThat(entry.names("999988887777", List.of("ou-ab12-sandbox1", "r-ab12"))).isTrue();
            assertThat(entry.names("999988887777", List.of("ou-ab12-other001", "r-ab12"))).isFalse();
        });
        assertThat(entries.get(1)).satisfies(entry -> {
            assertThat(entry.allAccounts()).isTrue();
            assertThat(entry.accounts()).isEmpty();
            assertThat(entry.regions()).containsExactly("ap-south-1");
            assertThat(entry.expiredOn(TODAY)).as("its last day was yesterday").isTrue();
            assertThat(entry.expiredOn(TODAY.minusDays(1))).as("and it applied through that day").isFalse();
            assertThat(entry.rule().covers("ebs-default-encryption", "ap-south-1")).isTrue();
            assertThat(entry.rule().covers("ebs-default-encryption", "eu-west-1")).isFalse();
        });
    }

    @Test
    void jsonIsReadWithTheSameStrictnessAndItsOwnWords() {
        String json = "{\"exceptions\": [{\"accounts\": [\"111122223333\"], \"checks\": [\"guardduty-enabled\"], \"reason\": \"r\","
                + " \"owner\": \"o\", \"expires\": \"2027-01-31\", \"expires\": \"2027-02-28\"}]}";

        assertThatThrownBy(() -> file.read("exceptions.json", json.getBytes(StandardCharsets.UTF_8), TODAY))
                .hasMessage("INVALID_INPUT: field 'exceptions[0].expires': appears twice in the same object; keep one");
        assertThat(file.read("exceptions.json", "{\"exceptions\": []}".getBytes(StandardCharsets.UTF_8), TODAY)).isEmpty();
        assertThatThrownBy(() -> file.read("exceptions.json", "{\"exceptions\": [{\"accounts\": [111122223333]}]}"
                .getBytes(StandardCharsets.UTF_8), TODAY)).hasMessageStartingWith("INVALID_INPUT: field 'exceptions[0].accounts[0]'");
        assertThatThrownBy(() -> file.read("exceptions.txt", "{}".getBytes(StandardCharsets.UTF_8), TODAY))
                .hasMessageContaining("is neither YAML nor JSON by its name; name it .yaml, .yml or .json");
    }

    @Test
    void aKeyMustBeUnderConfigAndNameItsFormat() {
        assertThat(ExceptionsFile.validateKey("ExceptionsKey", "config/exceptions.yaml")).isEqualTo("config/exceptions.yaml");
        assertThat(ExceptionsFile.validateKey("ExceptionsKey", "config/teams/sandbox.json")).isEqualTo("config/teams/sandbox.json");
        for (String bad : Set.of("exceptions.yaml", "config/../reports/x.yaml", "config/x.txt", "runs/x.yaml", "config//x.yaml", "config/")) {
            assertThatThrownBy(() -> ExceptionsFile.validateKey("ExceptionsKey", bad)).as(bad)
                    .hasMessageStartingWith("INVALID_INPUT: field 'ExceptionsKey': ")
                    .hasMessageContaining("use a key under config/ ending in .yaml, .yml or .json");
        }
    }
}
