package com.auditremediation.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What became of one account's check results as Security Hub findings (template parameter SecurityHubFindings):
 * how many were {@code exported} (imported into the member account's Security Hub), {@code skipped} (not sent: Security
 * Hub is not enabled in that region, or a call failed) and {@code refused} (AWS denied the import, for example under the
 * read-only execution role). {@code reasons} counts the findings not exported by a short reason
 * ({@code SECURITY_HUB_NOT_ENABLED}, {@code ACCESS_DENIED}, or AWS's error code); {@code note} says it in a sentence,
 * with the regions. Zero counts, an empty map and a null note are left out of the JSON, so a row whose findings were
 * all exported carries only {@code {"exported": n}}.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record FindingsDelivery(int exported, int skipped, int refused, Map<String, Integer> reasons, String note) {

    /** The reason of findings skipped because Security Hub is not enabled in the account and region. */
    public static final String NOT_ENABLED = "SECURITY_HUB_NOT_ENABLED";
    /** The reason of findings that AWS refused with AccessDenied (the execution role may not import). */
    public static final String ACCESS_DENIED = "ACCESS_DENIED";

    public FindingsDelivery {
        reasons = Copies.orEmpty(reasons);
    }

    /** As the JSON is written: a count left out is zero. */
    @JsonCreator
    static FindingsDelivery fromJson(@JsonProperty("exported") Integer exported, @JsonProperty("skipped") Integer skipped,
                                     @JsonProperty("refused") Integer refused, @JsonProperty("reasons") Map<String, Integer> reasons,
                                     @JsonProperty("note") String note) {
        return new FindingsDelivery(exported == null ? 0 : exported, skipped == null ? 0 : skipped,
                refused == null ? 0 : refused, reasons, note);
    }

    /** Every finding that was not exported. */
    public int notExported() {
        return skipped + refused;
    }
}
