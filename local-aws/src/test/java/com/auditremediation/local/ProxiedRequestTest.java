package com.auditremediation.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProxiedRequestTest {

    @Test
    void anStsFormBodyNamesItsActionAndRoleAccount() {
        ProxiedRequest request = new ProxiedRequest("POST", "/", null,
                "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Fexecution&Version=2011-06-15");

        assertThat(request.isStsAction("AssumeRole")).isTrue();
        assertThat(request.roleArnAccount()).isEqualTo("111111111111");
    }

    @Test
    void aBodyThatIsNotAFormHasNoFieldsInsteadOfFailingTheProxy() {
        ProxiedRequest html = new ProxiedRequest("PUT", "/reports/report.html", null,
                "<style>td { width: 100%; }</style><a href=\"#status=FAILED&ou=all\">failed</a>");

        assertThat(html.form()).isEmpty();
        assertThat(html.isStsAction("AssumeRole")).isFalse();
    }
}
