package com.auditremediation.local.standin;

import com.auditremediation.local.FaultRule;
import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ServiceSetting;
import software.amazon.awssdk.services.ssm.model.ServiceSettingNotFoundException;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.ValidationException;

import static com.auditremediation.local.standin.StandInClients.MEMBER_A;
import static com.auditremediation.local.standin.StandInClients.MEMBER_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SsmServiceSettingsTest {

    @RegisterExtension
    static final MotoExtension MOTO = MotoExtension.withoutIamManagedPolicies();

    private static final String PUBLIC_SHARING = "/ssm/documents/console/public-sharing-permission";
    private static final String LOG_DESTINATION = "/ssm/automation/customer-script-log-destination";

    private SsmClient ssm(String accountId, Region region) {
        return StandInClients.client(SsmClient.builder(), MOTO.proxyEndpoint(), region, StandInClients.assumedRole(MOTO, accountId));
    }

    @Test
    void settingsReadTheirAwsDefaultsUntilChanged() {
        try (SsmClient ssm = ssm(MEMBER_A, Region.EU_WEST_1)) {

            ServiceSetting sharing = ssm.getServiceSetting(r -> r.settingId(PUBLIC_SHARING)).serviceSetting();
            ServiceSetting logging = ssm.getServiceSetting(r -> r.settingId(LOG_DESTINATION)).serviceSetting();

            assertThat(sharing.settingValue()).isEqualTo("Enable");
            assertThat(sharing.status()).isEqualTo("Default");
            assertThat(sharing.settingId()).isEqualTo(PUBLIC_SHARING);
            assertThat(sharing.arn()).isEqualTo("arn:aws:ssm:eu-west-1:" + MEMBER_A + ":servicesetting" + PUBLIC_SHARING);
            assertThat(sharing.lastModifiedUser()).isNull();
            assertThat(logging.settingValue()).isEqualTo("None");
        }
    }

    @Test
    void anUpdateIsReadBackByPathAndByArnAndResetRestoresTheDefault() {
        try (SsmClient ssm = ssm(MEMBER_A, Region.EU_WEST_1)) {
            String arn = "arn:aws:ssm:eu-west-1:" + MEMBER_A + ":servicesetting" + LOG_DESTINATION;

            ssm.updateServiceSetting(r -> r.settingId(PUBLIC_SHARING).settingValue("Disable"));
            ssm.updateServiceSetting(r -> r.settingId(arn).settingValue("CloudWatch"));
            ServiceSetting sharing = ssm.getServiceSetting(r -> r.settingId(PUBLIC_SHARING)).serviceSetting();
            ServiceSetting logging = ssm.getServiceSetting(r -> r.settingId(arn)).serviceSetting();
            ServiceSetting reset = ssm.resetServiceSetting(r -> r.settingId(PUBLIC_SHARING)).serviceSetting();

            assertThat(sharing.settingValue()).isEqualTo("Disable");
            assertThat(sharing.status()).isEqualTo("Customized");
            assertThat(sharing.lastModifiedUser()).isEqualTo("arn:aws:sts::" + MEMBER_A + ":assumed-role/checker/stand-in-test");
            assertThat(sharing.lastModifiedDate()).isNotNull();
            assertThat(logging.settingId()).isEqualTo(LOG_DESTINATION);
            assertThat(logging.settingValue()).isEqualTo("CloudWatch");
            assertThat(reset.settingValue()).isEqualTo("Enable");
            assertThat(reset.status()).isEqualTo("Default");
            assertThat(ssm.getServiceSetting(r -> r.settingId(PUBLIC_SHARING)).serviceSetting().settingValue()).isEqualTo("Enable");
        }
    }

    @Test
    void eachAccountAndRegionKeepsItsOwnSettings() {
        try (SsmClient memberA = ssm(MEMBER_A, Region.EU_WEST_1);
             SsmClient memberAElsewhere = ssm(MEMBER_A, Region.US_EAST_1);
             SsmClient memberB = ssm(MEMBER_B, Region.EU_WEST_1);
             SsmClient defaultAccount = LocalClients.build(SsmClient.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1);
             SsmClient namedB = StandInClients.namingAccount(SsmClient.builder(), MOTO.proxyEndpoint(), Region.EU_WEST_1, MEMBER_B)) {

            memberA.updateServiceSetting(r -> r.settingId(PUBLIC_SHARING).settingValue("Disable"));
            defaultAccount.updateServiceSetting(r -> r.settingId(LOG_DESTINATION).settingValue("CloudWatch"));

            assertThat(value(memberA, PUBLIC_SHARING)).isEqualTo("Disable");
            assertThat(value(memberAElsewhere, PUBLIC_SHARING)).isEqualTo("Enable");
            assertThat(value(memberB, PUBLIC_SHARING)).isEqualTo("Enable");
            assertThat(value(namedB, PUBLIC_SHARING)).isEqualTo("Enable");
            assertThat(value(defaultAccount, LOG_DESTINATION)).isEqualTo("CloudWatch");
            assertThat(defaultAccount.getServiceSetting(r -> r.settingId(LOG_DESTINATION)).serviceSetting().arn())
                    .contains(":" + LocalClients.MOTO_DEFAULT_ACCOUNT + ":");
            assertThat(value(memberB, LOG_DESTINATION)).isEqualTo("None");
            namedB.updateServiceSetting(r -> r.settingId(PUBLIC_SHARING).settingValue("Disable"));
            assertThat(value(memberB, PUBLIC_SHARING)).isEqualTo("Disable");
        }
    }

    @Test
    void unknownSettingsBadValuesAndOtherAccountsArnsAreRefusedAsSsmRefusesThem() {
        try (SsmClient ssm = ssm(MEMBER_A, Region.EU_WEST_1)) {

            assertThatThrownBy(() -> ssm.getServiceSetting(r -> r.settingId("/ssm/no/such-setting")))
                    .isInstanceOf(ServiceSettingNotFoundException.class);
            assertThatThrownBy(() -> ssm.updateServiceSetting(r -> r.settingId(PUBLIC_SHARING).settingValue("Disabled")))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).contains("Disable, Enable"));
            assertThatThrownBy(() -> ssm.updateServiceSetting(r -> r.settingId(LOG_DESTINATION).settingValue("S3")))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> ssm.getServiceSetting(r -> r.settingId("arn:aws:ssm:eu-west-1:" + MEMBER_B + ":servicesetting" + PUBLIC_SHARING)))
                    .isInstanceOf(ServiceSettingNotFoundException.class);
            assertThat(value(ssm, PUBLIC_SHARING)).isEqualTo("Enable");
        }
    }

    @Test
    void faultRulesApplyBeforeTheStandIn() {
        FaultRule denied = MOTO.inject(FaultRule.jsonError("AmazonSSM.UpdateServiceSetting", 400, "AccessDeniedException",
                "User: arn:aws:sts::" + MEMBER_A + ":assumed-role/checker/stand-in-test is not authorized to perform: ssm:UpdateServiceSetting", 1));
        try (SsmClient ssm = ssm(MEMBER_A, Region.EU_WEST_1)) {

            assertThatThrownBy(() -> ssm.updateServiceSetting(r -> r.settingId(PUBLIC_SHARING).settingValue("Disable")))
                    .isInstanceOfSatisfying(SsmException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
            assertThat(value(ssm, PUBLIC_SHARING)).isEqualTo("Enable");
            assertThat(denied.hits()).isEqualTo(1);
        }
    }

    private static String value(SsmClient ssm, String settingId) {
        return ssm.getServiceSetting(r -> r.settingId(settingId)).serviceSetting().settingValue();
    }
}
