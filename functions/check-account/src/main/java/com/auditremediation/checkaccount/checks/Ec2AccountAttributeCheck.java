package com.auditremediation.checkaccount.checks;

import com.auditremediation.checkaccount.check.CheckContext;
import com.auditremediation.checkaccount.check.SettingCheck;
import com.auditremediation.core.catalog.CheckDescriptor;
import java.util.Map;

/**
 * A check of one EC2 account attribute of a region that an AWS Organizations declarative policy may manage (snapshot
 * block public access, the instance metadata defaults): compliant or not, and when not, {@code ManagedBy} in the
 * evidence and nothing written where the policy manages it ({@link DeclarativePolicies}). Subclasses say what
 * compliant is, who manages the attribute, and the rest of {@link SettingCheck}.
 */
abstract class Ec2AccountAttributeCheck<S> extends SettingCheck<S> {

    protected Ec2AccountAttributeCheck(CheckDescriptor descriptor) {
        super(descriptor);
    }

    protected abstract boolean compliant(S attribute);

    protected abstract boolean managedByPolicy(S attribute);

    @Override
    protected final Map<String, Object> failing(S attribute) {
        return compliant(attribute) ? Map.of() : DeclarativePolicies.managedBy(settings(attribute), managedByPolicy(attribute));
    }

    @Override
    protected final String cannotFix(CheckContext context, S attribute) {
        return managedByPolicy(attribute) ? DeclarativePolicies.CANNOT_FIX : null;
    }
}
