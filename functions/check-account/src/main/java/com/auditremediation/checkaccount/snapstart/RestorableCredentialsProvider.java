package com.auditremediation.checkaccount.snapstart;

import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The function's own credentials, behind a provider that can be replaced: a SnapStart snapshot holds whatever the
 * provider cached while the snapshot was taken (the default chain keeps the container endpoint's credentials until
 * they are near expiry), and every environment restored from it would share them. {@link #renew()} swaps in a new
 * provider from the same factory, so that the next request fetches credentials of its own.
 */
public final class RestorableCredentialsProvider implements AwsCredentialsProvider, SdkAutoCloseable {

    private final Supplier<AwsCredentialsProvider> factory;
    private volatile AwsCredentialsProvider delegate;

    public RestorableCredentialsProvider(Supplier<AwsCredentialsProvider> factory) {
        this.factory = factory;
        this.delegate = factory.get();
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return delegate.resolveCredentials();
    }

    /** A new provider from the factory; the old one (and what it cached) is closed and forgotten. */
    void renew() {
        AwsCredentialsProvider old = delegate;
        delegate = factory.get();
        closeQuietly(old);
    }

    @Override
    public void close() {
        closeQuietly(delegate);
    }

    private static void closeQuietly(AwsCredentialsProvider provider) {
        if (provider instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // A provider that cannot close has nothing left to use; the new one does not depend on it.
            }
        }
    }

    @Override
    public String toString() {
        return "RestorableCredentialsProvider[" + delegate.getClass().getSimpleName() + "]";
    }
}
