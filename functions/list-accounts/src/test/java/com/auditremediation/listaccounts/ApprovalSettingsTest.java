package com.auditremediation.listaccounts;

import com.auditremediation.core.Env;
import com.auditremediation.core.error.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalSettingsTest {

    @Test
    void hoursBecomeWholeSecondsRoundedUpAndBlankIsADay() {
        assertThat(ApprovalSettings.fromEnv(Env.of(Map.of())).timeoutSeconds()).isEqualTo(86_400);
        assertThat(ApprovalSettings.fromEnv(Env.of(Map.of("APPROVAL_TIMEOUT_HOURS", "2"))).timeoutSeconds()).isEqualTo(7_200);
        assertThat(ApprovalSettings.fromEnv(Env.of(Map.of("APPROVAL_TIMEOUT_HOURS", "0.01"))).timeoutSeconds()).isEqualTo(36);
        assertThat(ApprovalSettings.fromEnv(Env.of(Map.of("APPROVAL_TIMEOUT_HOURS", "0.0001"))).timeoutSeconds()).isEqualTo(1);
    }

    @Test
    void aValueThatIsNoPositiveNumberOfHoursNamesTheVariable() {
        for (String value : new String[] {"0", "-1", "a day", "8761"}) {
            assertThatThrownBy(() -> ApprovalSettings.fromEnv(Env.of(Map.of("APPROVAL_TIMEOUT_HOURS", value))))
                    .as(value).isInstanceOf(InvalidInputException.class).hasMessageContaining("'APPROVAL_TIMEOUT_HOURS'");
        }
    }
}
