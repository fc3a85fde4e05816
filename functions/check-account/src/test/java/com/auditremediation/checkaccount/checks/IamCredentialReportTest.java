package com.auditremediation.checkaccount.checks;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's parsing; IamUnusedCredentialsCheckTest reads it from moto through the check. */
class IamCredentialReportTest {

    @Test
    void theReportsCsvIsReadAsCsvWhereAUserNameHoldsAComma() {
        List<List<String>> lines = IamCredentialReport.csv("user,arn\n\"ops,admin\",\"arn:aws:iam::1:user/\"\"x\"\"\"\r\nb,c");

        assertThat(lines).containsExactly(List.of("user", "arn"), List.of("ops,admin", "arn:aws:iam::1:user/\"x\""), List.of("b", "c"));
    }

    @Test
    void theRootUsersRowIsApartFromTheUsersAndColumnsAreReadByName() {
        IamCredentialReport report = IamCredentialReport.parse("user,password_enabled,password_last_used,user_creation_time\n"
                + "<root_account>,not_supported,2026-11-30T08:00:00+00:00,2020-01-01T00:00:00+00:00\n"
                + "alice,true,no_information,2026-01-02T03:04:05+00:00\n");

        assertThat(report.users()).extracting(IamCredentialReport.Row::user).containsExactly("alice");
        assertThat(report.root()).hasValueSatisfying(root -> assertThat(root.date("password_last_used"))
                .isEqualTo(Instant.parse("2026-11-30T08:00:00Z")));
        IamCredentialReport.Row alice = report.users().get(0);
        assertThat(alice.isTrue("password_enabled")).isTrue();
        assertThat(alice.date("password_last_used")).isNull();
        assertThat(alice.firstDate("password_last_used", "user_creation_time")).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(alice.get("no_such_column")).isNull();
    }
}
