package com.auditremediation.checkaccount;

import com.auditremediation.local.LocalClients;
import com.auditremediation.local.MotoExtension;
import java.util.List;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * What the check tests share: every call through moto's proxy recorded in {@link #calls}, an {@link AccountChecker}
 * whose STS and member-account clients go through that proxy (so faults can be injected), and the member account
 * {@code accountId} set up in moto directly.
 */
final class CheckerHarness implements AutoCloseable {

    final List<String> calls = ProxyTraffic.newLog();
    final AccountChecker checker;
    final MemberAccount account;
    private final StsClient sts;

    CheckerHarness(MotoExtension moto, String accountId) {
        moto.inject(ProxyTraffic.recordCalls(calls));
        sts = LocalClients.build(StsClient.builder(), moto.proxyEndpoint(), Region.EU_WEST_1);
        checker = new AccountChecker(sts, new RecordingAccountClients(moto.proxyEndpoint()), Region.EU_WEST_1);
        account = MemberAccount.of(accountId, moto.endpoint(), Region.EU_WEST_1);
    }

    @Override
    public void close() {
        sts.close();
        account.close();
    }
}
