package com.auditremediation.checkaccount.session;

import com.auditremediation.core.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.model.Credentials;

import static org.assertj.core.api.Assertions.assertThat;

class AssumedSessionTest {

    // Made-up values in the shape STS issues; nothing here is a real credential.
    private static final Credentials ISSUED = Credentials.builder()
            .accessKeyId("ASIAEXAMPLEKEYID0001")
            .secretAccessKey("exampleSecretAccessKey0000000000000000000")
            .sessionToken("exampleSessionToken000000000000000000000000000000")
            .expiration(Instant.parse("2030-01-01T00:15:00Z"))
            .build();

    @Test
    void toStringAndJsonShowTheRoleButNoKey() {
        AssumedSession session = new AssumedSession("arn:aws:iam::111122223333:role/r", "audit-remediation-x", ISSUED);

        String text = session.toString() + Json.write(session);

        assertThat(session.toString()).contains("arn:aws:iam::111122223333:role/r", "audit-remediation-x");
        assertThat(text).doesNotContain(ISSUED.accessKeyId(), ISSUED.secretAccessKey(), ISSUED.sessionToken());
    }

    @Test
    void theClientsGetTheIssuedSessionCredentials() {
        AssumedSession session = new AssumedSession("arn:aws:iam::111122223333:role/r", "s", ISSUED);

        AwsSessionCredentials credentials = (AwsSessionCredentials) session.credentialsProvider().resolveCredentials();

        assertThat(credentials.accessKeyId()).isEqualTo(ISSUED.accessKeyId());
        assertThat(credentials.secretAccessKey()).isEqualTo(ISSUED.secretAccessKey());
        assertThat(credentials.sessionToken()).isEqualTo(ISSUED.sessionToken());
    }
}
