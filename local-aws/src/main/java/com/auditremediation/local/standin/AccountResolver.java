package com.auditremediation.local.standin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which account a request is for, the way moto decides it, so that the stand-in keeps each account's settings apart
 * exactly where moto keeps its own: the {@code x-moto-account-id} header when the request has one; otherwise the
 * account that moto finds for the request's access key (an assumed role's key belongs to the role's account, an IAM
 * user's key to the user's account, any other key, such as the dummy {@code testing}, to moto's default account).
 * The answer comes from moto itself: STS {@code GetCallerIdentity} sent with the request's access key and account
 * header, once per pair (moto does not check signatures), which also names the principal. Pairs are remembered until
 * {@link #forget}, which a reset of moto calls, since moto then forgets the keys it issued.
 */
final class AccountResolver {

    private static final Pattern ACCOUNT = Pattern.compile("<Account>(\\d{12})</Account>");
    private static final Pattern ARN = Pattern.compile("<Arn>([^<]+)</Arn>");

    private record Identity(String accountId, String principalArn) {
    }

    private final MotoCalls moto;
    private final Map<String, Identity> identities = new ConcurrentHashMap<>();

    AccountResolver(MotoCalls moto) {
        this.moto = moto;
    }

    Caller caller(StandInRequest request) {
        String named = request.header("x-moto-account-id");
        Identity identity = identities.computeIfAbsent(named + "/" + request.accessKeyId(),
                key -> askMoto(named.isEmpty() ? null : named, request.accessKeyId()));
        return new Caller(identity.accountId(), request.region(), identity.principalArn());
    }

    private Identity askMoto(String namedAccount, String accessKeyId) {
        MotoCalls.Answer answer = moto.send("POST", "/", "sts", "us-east-1", namedAccount, accessKeyId,
                "application/x-www-form-urlencoded; charset=utf-8", null, "Action=GetCallerIdentity&Version=2011-06-15");
        Matcher account = ACCOUNT.matcher(answer.body());
        Matcher arn = ARN.matcher(answer.body());
        if (!answer.ok() || !account.find() || !arn.find()) {
            // The key stays out of the message: no credential in an error.
            throw new IllegalStateException("moto answered " + answer.status() + " to GetCallerIdentity: " + answer.body());
        }
        return new Identity(account.group(1), arn.group(1));
    }

    void forget() {
        identities.clear();
    }
}
