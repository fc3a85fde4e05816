package com.auditremediation.listaccounts;

/**
 * Organizations refused to list the accounts. Not retried: it lasts until someone grants the access. Its class name is
 * the Lambda error type that the state machine sees.
 */
public final class OrganizationsAccessDeniedException extends RuntimeException {

    public OrganizationsAccessDeniedException(String call, String awsErrorCode, Throwable cause) {
        super(call + " was refused (" + awsErrorCode + "). Listing accounts needs Organizations read access:"
                + " the Audit account must be a delegated administrator of a service in the organisation (for example"
                + " IAM Access Analyzer, AWS Config or Security Hub), or the organisation must have a resource-based"
                + " delegation policy that allows it organizations:DescribeOrganization, organizations:ListAccounts,"
                + " organizations:ListRoots, organizations:ListOrganizationalUnitsForParent and"
                + " organizations:ListAccountsForParent; this function's role must allow the same actions."
                + " To check: from the management account run `aws organizations list-delegated-administrators`"
                + " and look for the Audit account id.", cause);
    }
}
