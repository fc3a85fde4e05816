package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.Evidence;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import com.auditremediation.core.catalog.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeDocumentPermissionResponse;
import software.amazon.awssdk.services.ssm.model.DocumentIdentifier;
import software.amazon.awssdk.services.ssm.model.DocumentKeyValuesFilter;
import software.amazon.awssdk.services.ssm.model.DocumentPermissionType;

/**
 * Systems Manager documents in each region swept: the account's block public sharing setting is on (Security Hub
 * SSM.7, CRITICAL: {@code /ssm/documents/console/public-sharing-permission} is {@code Disable}) and none of the
 * documents the account owns is shared publicly (SSM.4, CRITICAL: no document with owner {@code Self} has {@code all}
 * among the accounts it is shared with). Both controls: https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html
 * (#ssm-4, #ssm-7). They are one check because the setting only stops new public shares ("your change doesn't affect
 * any SSM documents that you're currently sharing with the public", SSM.7's text): the account is safe only with both.
 *
 * <p>The evidence is per control, keyed by its id ({@code {"SSM.7": {...}, "SSM.4": {...}}}), and the detail names the
 * control of each part that fails, so that a run started by a failed SSM.4 or SSM.7 finding (both are in the
 * descriptor) and the finding we export say which of the two failed. The public documents are listed by name, at most
 * {@link Evidence#MAX_LISTED}, then a count; one result per region.
 *
 * <p>The fix stops sharing each public document with everyone ({@code ModifyDocumentPermission} removing {@code All};
 * accounts it is shared with by id keep their access), then turns block public sharing on. Anyone who ran a public
 * document of this account from another account loses it: that is the point of both controls.
 */
public final class SsmDocumentsNotPublicCheck extends SettingCheck<SsmDocumentsNotPublicCheck.Sharing> {

    static final String SETTING_ID = "/ssm/documents/console/public-sharing-permission";
    static final String BLOCKED = "Disable";
    private static final String SETTING = "public-sharing-permission";
    private static final String PUBLIC_DOCUMENTS = "PublicDocuments";
    private static final String SSM_7 = "SSM.7";
    private static final String SSM_4 = "SSM.4";
    private static final String EVERYONE = "All";

    /** The region's setting and the names of the account's own documents shared with everyone. */
    public record Sharing(String publicSharingPermission, List<String> publicDocuments) {
        public Sharing {
            publicDocuments = List.copyOf(publicDocuments);
        }
    }

    public SsmDocumentsNotPublicCheck() {
        super(CheckDescriptor.builder("ssm-documents-not-public")
                .title("SSM documents: block public sharing is on and no document of the account is public, in each region swept")
                .controls("SSM.7", "SSM.4")
                .severity(Severity.CRITICAL)
                .regional()
                .reads("ssm:GetServiceSetting", "ssm:ListDocuments", "ssm:DescribeDocumentPermission")
                .fixes("ssm:UpdateServiceSetting", "ssm:ModifyDocumentPermission")
                .recommendation("Stop sharing the account's SSM documents publicly and turn on block public sharing in every"
                        + " region in use (Systems Manager console, Documents, Preferences); remediate mode does both.")
                .build());
    }

    @Override
    protected Sharing read(CheckContext context, Region region) {
        SsmClient ssm = context.client(SsmClient.builder(), region);
        String permission = ssm.getServiceSetting(r -> r.settingId(SETTING_ID)).serviceSetting().settingValue();
        List<String> publicDocuments = new ArrayList<>();
        ssm.listDocumentsPaginator(r -> r.filters(DocumentKeyValuesFilter.builder().key("Owner").values("Self").build()))
                .documentIdentifiers().stream()
                .map(DocumentIdentifier::name)
                .filter(name -> sharedWithEveryone(ssm, name))
                .sorted()
                .forEach(publicDocuments::add);
        return new Sharing(permission, publicDocuments);
    }

    /** Whether {@code name} is shared publicly: "All" among its accounts (AWS writes it in either case). */
    private static boolean sharedWithEveryone(SsmClient ssm, String name) {
        String token = null;
        do {
            String page = token;
            DescribeDocumentPermissionResponse permission = ssm.describeDocumentPermission(r -> r.name(name)
                    .permissionType(DocumentPermissionType.SHARE).nextToken(page));
            if (permission.accountIds().stream().anyMatch(EVERYONE::equalsIgnoreCase)) {
                return true;
            }
            token = permission.nextToken();
        } while (token != null && !token.isEmpty());
        return false;
    }

    @Override
    protected Map<String, Object> failing(Sharing sharing) {
        Map<String, Object> failing = new LinkedHashMap<>();
        if (!BLOCKED.equals(sharing.publicSharingPermission())) {
            failing.put(SSM_7, Map.of(SETTING, String.valueOf(sharing.publicSharingPermission())));
        }
        if (!sharing.publicDocuments().isEmpty()) {
            failing.put(SSM_4, Map.of(PUBLIC_DOCUMENTS, Evidence.capped(sharing.publicDocuments())));
        }
        return failing;
    }

    @Override
    protected Map<String, Object> settings(Sharing sharing) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(SSM_7, Map.of(SETTING, String.valueOf(sharing.publicSharingPermission())));
        settings.put(SSM_4, Map.of(PUBLIC_DOCUMENTS, Evidence.capped(sharing.publicDocuments())));
        return settings;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected String problem(Map<String, Object> failing) {
        List<String> parts = new ArrayList<>();
        if (failing.containsKey(SSM_7)) {
            parts.add("SSM.7: block public sharing of SSM documents is off (" + SETTING + " "
                    + ((Map<String, Object>) failing.get(SSM_7)).get(SETTING) + "); turn it on");
        }
        if (failing.containsKey(SSM_4)) {
            List<String> documents = (List<String>) ((Map<String, Object>) failing.get(SSM_4)).get(PUBLIC_DOCUMENTS);
            parts.add("SSM.4: shared publicly: " + String.join(", ", documents) + "; stop sharing with everyone");
        }
        return String.join("; ", parts);
    }

    @Override
    protected void fix(CheckContext context, Region region, Sharing sharing) {
        SsmClient ssm = context.client(SsmClient.builder(), region);
        for (String document : sharing.publicDocuments()) {
            ssm.modifyDocumentPermission(r -> r.name(document).permissionType(DocumentPermissionType.SHARE).accountIdsToRemove(EVERYONE));
        }
        if (!BLOCKED.equals(sharing.publicSharingPermission())) {
            ssm.updateServiceSetting(r -> r.settingId(SETTING_ID).settingValue(BLOCKED));
        }
    }
}
