package com.auditremediation.buildreport;

import com.auditremediation.core.Env;
import com.auditremediation.core.error.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuildReportSettingsTest {

    @Test
    void blankVariablesMeanNoBucketNoTopicAndTheDefaultProject() {
        Env env = Env.of(Map.of("REPORT_BUCKET", "", "NOTIFY_TOPIC_ARN", " ", "NOTIFY_ON_SUCCESS", ""));

        BuildReportSettings settings = BuildReportSettings.fromEnv(env);

        assertThat(settings).isEqualTo(new BuildReportSettings(null, null, false, "audit-remediation"));
    }

    @Test
    void readsEveryVariable() {
        Env env = Env.of(Map.of("REPORT_BUCKET", "audit-remediation-reports-111122223333",
                "NOTIFY_TOPIC_ARN", "arn:aws-us-gov:sns:us-gov-west-1:111122223333:audit-findings",
                "NOTIFY_ON_SUCCESS", "TRUE", "PROJECT", "sweeper"));

        BuildReportSettings settings = BuildReportSettings.fromEnv(env);

        assertThat(settings).isEqualTo(new BuildReportSettings("audit-remediation-reports-111122223333",
                "arn:aws-us-gov:sns:us-gov-west-1:111122223333:audit-findings", true, "sweeper"));
    }

    @Test
    void aBadValueFailsNamingTheVariableAndTheFix() {
        assertThatThrownBy(() -> BuildReportSettings.fromEnv(Env.of(Map.of("REPORT_BUCKET", "Reports_Bucket"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("REPORT_BUCKET"))
                .hasMessageContaining("ReportBucketName");
        assertThatThrownBy(() -> BuildReportSettings.fromEnv(Env.of(Map.of("REPORT_BUCKET", "s3://reports"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("REPORT_BUCKET"));
        assertThatThrownBy(() -> BuildReportSettings.fromEnv(Env.of(Map.of("NOTIFY_TOPIC_ARN", "audit-findings"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("NOTIFY_TOPIC_ARN"))
                .hasMessageContaining("NotificationTopicArn");
        assertThatThrownBy(() -> BuildReportSettings.fromEnv(Env.of(Map.of("NOTIFY_ON_SUCCESS", "yes"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("NOTIFY_ON_SUCCESS"));
        assertThatThrownBy(() -> BuildReportSettings.fromEnv(Env.of(Map.of("PROJECT", "Audit Remediation"))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("PROJECT"));
    }
}
