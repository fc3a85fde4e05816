package com.auditremediation.listaccounts;

import com.auditremediation.core.AwsFaults;
import com.auditremediation.core.JsonLog;
import com.auditremediation.core.error.ErrorCode;
import com.auditremediation.core.error.InvalidInputException;
import com.auditremediation.core.model.AccountItem;
import com.auditremediation.core.model.AccountSelection;
import com.auditremediation.core.model.AccountListing;
import com.auditremediation.core.model.SkippedAccount;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.OrganizationsClientBuilder;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;
import software.amazon.awssdk.services.organizations.model.Organization;
import software.amazon.awssdk.services.organizations.model.OrganizationalUnit;
import software.amazon.awssdk.services.organizations.model.OrganizationalUnitNotFoundException;
import software.amazon.awssdk.services.organizations.model.Parent;
import software.amazon.awssdk.services.organizations.model.Root;
import software.amazon.awssdk.services.organizations.model.ParentNotFoundException;

/**
 * Lists the accounts of a {@link ListAccountsRequest} through Organizations, serially (its throttling is reached with
 * a few concurrent callers), every page, and sorts them into the Map's items and skipped rows.
 *
 * <p>How the scope is listed:
 * <ul>
 *   <li>Whole organisation, or explicit account ids (with or without OUs): {@code ListAccounts} is the list of
 *       record; the OU of each account comes from one walk of the OU tree from the root ({@code ListRoots},
 *       {@code ListOrganizationalUnitsForParent}, {@code ListAccountsForParent}), a few dozen calls instead of one
 *       {@code ListParents} per account. An account that {@code ListAccounts} returns but the walk did not find is
 *       kept, with a null {@code ouId}.</li>
 *   <li>OUs only: only those subtrees are walked. An OU that does not exist is INVALID_INPUT naming it.</li>
 * </ul>
 * The {@code ouId} of an account is its direct parent: an OU id, or the root id for an account at the root.
 *
 * <p>Every account in scope ends up exactly once: as an item, as a skipped row (MANAGEMENT_ACCOUNT, ACCOUNT_NOT_ACTIVE,
 * NOT_IN_ORGANIZATION), or in {@code excludedCount}. Both lists are sorted by account id.
 */
public final class AccountLister {

    /** Attempts per Organizations call, the first included. */
    public static final int MAX_ATTEMPTS = 8;
    /** The most that Organizations returns a page; asked for explicitly so that emulators page the same way. */
    private static final int PAGE_SIZE = 20;
    private static final Duration BASE_DELAY = Duration.ofMillis(100);
    private static final Duration THROTTLING_BASE_DELAY = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

    private final OrganizationsClient organizations;
    private final Clock clock;

    public AccountLister(OrganizationsClient organizations) {
        this(organizations, Clock.systemUTC());
    }

    public AccountLister(OrganizationsClient organizations, Clock clock) {
        this.organizations = organizations;
        this.clock = clock;
    }

    /**
     * The Organizations client's retries: the SDK's standard strategy (which treats TooManyRequestsException as
     * throttling) with {@value #MAX_ATTEMPTS} attempts and exponential backoff with full jitter. The circuit breaker
     * is off: this client is one serial caller, and its token bucket would stop retries halfway through a long
     * listing of a throttled organisation.
     */
    public static OrganizationsClientBuilder configure(OrganizationsClientBuilder builder) {
        return configure(builder, BASE_DELAY, THROTTLING_BASE_DELAY);
    }

    /** As {@link #configure(OrganizationsClientBuilder)}, with other base delays (tests use short ones). */
    static OrganizationsClientBuilder configure(OrganizationsClientBuilder builder, Duration baseDelay, Duration throttlingBaseDelay) {
        return builder.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .backoffStrategy(BackoffStrategy.exponentialDelay(baseDelay, MAX_BACKOFF))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(throttlingBaseDelay, MAX_BACKOFF))
                .circuitBreakerEnabled(false)
                .build()));
    }

    public AccountListing list(ListAccountsRequest request) {
        return listWithAncestry(request).listing();
    }

    /**
     * A listing and, for the OU of each account in it, that OU and the OUs above it up to the root, nearest first: what
     * the exceptions file's {@code organizationalUnits} are matched against (an OU covers every account beneath).
     */
    public record Listed(AccountListing listing, Map<String, List<String>> ancestry) {

        /** The account's OU and the OUs above it; empty for an account whose OU is not known. */
        public List<String> ancestorsOf(String ouId) {
            return ouId == null ? List.of() : ancestry.getOrDefault(ouId, List.of(ouId));
        }
    }

    /** As {@link #list}, with the OU ancestry of the listed accounts. */
    public Listed listWithAncestry(ListAccountsRequest request) {
        Instant startedAt = clock.instant();
        JsonLog.info("list-accounts.start",
                "scope", request.wholeOrganization() ? "organization" : "selection",
                "accountIds", request.accountIds().size(),
                "organizationalUnitIds", request.organizationalUnitIds(),
                "excludeAccountIds", request.excludeAccountIds().size(),
                "roleName", request.context().roleName(),
                "mode", request.context().mode(),
                "checks", request.context().checks(),
                "regions", request.context().regions());

        Organization organization = call("organizations:DescribeOrganization", () -> organizations.describeOrganization().organization());
        Tree tree = new Tree();
        Map<String, Candidate> candidates = request.accountIds().isEmpty() && !request.organizationalUnitIds().isEmpty()
                ? fromSubtrees(request, tree)
                : fromWholeOrganization(request, organization.id(), tree);

        Set<String> excluded = new HashSet<>(request.excludeAccountIds());
        List<AccountItem> accounts = new ArrayList<>();
        List<SkippedAccount> skipped = new ArrayList<>();
        int excludedCount = 0;
        for (Candidate candidate : candidates.values()) {
            if (excluded.contains(candidate.accountId())) {
                excludedCount++;
            } else if (candidate.skipReason() != null) {
                skipped.add(candidate.skipped());
            // DescribeOrganization's ManagementAccountId is MasterAccountId's newer name; this SDK models only the latter.
            } else if (candidate.accountId().equals(organization.masterAccountId())) {
                skipped.add(candidate.skip(ErrorCode.MANAGEMENT_ACCOUNT, "the organisation's management account is not swept: Control Tower"
                        + " creates no " + request.context().roleName() + " there (and it should hold no workloads)"));
            } else if (!isActive(candidate.account())) {
                skipped.add(candidate.skip(ErrorCode.ACCOUNT_NOT_ACTIVE, "the account is " + describeState(candidate.account())
                        + ", not ACTIVE; only ACTIVE accounts are swept"));
            } else {
                accounts.add(new AccountItem(candidate.accountId(), candidate.account().name(), candidate.ouId()));
            }
        }
        accounts.sort(Comparator.comparing(AccountItem::id));
        skipped.sort(Comparator.comparing(SkippedAccount::accountId));

        JsonLog.info("list-accounts.end",
                "accounts", accounts.size(),
                "skipped", skipped.size(),
                "excluded", excludedCount,
                "maxConcurrency", request.maxConcurrency(),
                "durationMs", Duration.between(startedAt, clock.instant()).toMillis());
        Set<String> units = new HashSet<>();
        accounts.forEach(account -> units.add(account.ouId()));
        skipped.forEach(account -> units.add(account.ouId()));
        Map<String, List<String>> ancestry = new HashMap<>();
        accounts.forEach(account -> ancestry.computeIfAbsent(account.ouId(), tree.paths::ancestry));
        ancestry.remove(null);
        AccountListing listing = new AccountListing(request.context(), request.maxConcurrency(), accounts, skipped, excludedCount,
                startedAt.toString())
                .withScope(new AccountSelection(request.accountIds(), request.organizationalUnitIds(), request.excludeAccountIds()),
                        tree.paths.pathsOf(units));
        return new Listed(listing, ancestry);
    }

    /** ListAccounts, plus one walk from the root for the OUs; then the accounts that the request selects. */
    private Map<String, Candidate> fromWholeOrganization(ListAccountsRequest request, String organizationId, Tree tree) {
        List<Account> all = call("organizations:ListAccounts", () -> organizations.listAccountsPaginator(r -> r.maxResults(PAGE_SIZE))
                .stream().flatMap(page -> page.accounts().stream()).toList());
        List<Root> roots = call("organizations:ListRoots",
                () -> organizations.listRootsPaginator().stream().flatMap(page -> page.roots().stream()).toList());
        for (Root root : roots) {
            tree.paths.root(root.id(), root.name());
            tree.walk(root.id());
        }
        List<String> requestedUnits = request.organizationalUnitIds();
        for (int i = 0; i < requestedUnits.size(); i++) {
            if (!tree.contains(requestedUnits.get(i))) {
                throw unknownUnit(request, i);
            }
        }

        Set<String> requestedIds = new HashSet<>(request.accountIds());
        Map<String, Candidate> candidates = new TreeMap<>();
        for (Account account : all) {
            String ouId = tree.parentOf(account.id());
            boolean selected = request.wholeOrganization()
                    || requestedIds.contains(account.id())
                    || tree.isUnderAny(ouId, requestedUnits);
            if (selected) {
                candidates.putIfAbsent(account.id(), new Candidate(account.id(), account, ouId, null, null));
            }
        }
        for (String accountId : request.accountIds()) {
            candidates.computeIfAbsent(accountId, id -> new Candidate(id, null, null, ErrorCode.NOT_IN_ORGANIZATION,
                    "account " + id + " was asked for but is not a member of organisation " + organizationId + "; check the id"));
        }
        return candidates;
    }

    /** Only the requested OUs' subtrees: ListAccountsForParent returns whole accounts, so ListAccounts is not needed. */
    private Map<String, Candidate> fromSubtrees(ListAccountsRequest request, Tree tree) {
        List<String> requestedUnits = request.organizationalUnitIds();
        for (int i = 0; i < requestedUnits.size(); i++) {
            if (tree.contains(requestedUnits.get(i))) {
                continue; // already walked as part of an earlier OU
            }
            try {
                tree.walk(requestedUnits.get(i));
            } catch (ParentNotFoundException | OrganizationalUnitNotFoundException e) {
                throw unknownUnit(request, i);
            }
        }
        requestedUnits.forEach(tree::nameAncestors);
        Map<String, Candidate> candidates = new TreeMap<>();
        tree.accounts.forEach((id, placed) -> candidates.put(id, new Candidate(id, placed.account(), placed.parentId(), null, null)));
        return candidates;
    }

    private static InvalidInputException unknownUnit(ListAccountsRequest request, int index) {
        return new InvalidInputException(request.organizationalUnitField() + "[" + index + "]", "'" + request.organizationalUnitIds().get(index)
                + "' is not an organizational unit or root of this organisation; copy the id from the Organizations console"
                + " or `aws organizations list-organizational-units-for-parent`");
    }

    /** Both fields exist: {@code status} (deprecated) and {@code state} (its successor, which has more values); state wins. */
    private static boolean isActive(Account account) {
        String state = account.stateAsString();
        return state != null ? state.equals("ACTIVE") : "ACTIVE".equals(account.statusAsString());
    }

    private static String describeState(Account account) {
        String state = account.stateAsString();
        String status = account.statusAsString();
        if (state != null && status != null && !state.equals(status)) {
            return state + " (status " + status + ")";
        }
        return state != null ? state : status;
    }

    /**
     * Runs one Organizations call (including every page of a paginator) and turns its failures into what the state
     * machine acts on: access refused, transient faults after the SDK's retries, or the SDK's exception itself.
     */
    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (AccessDeniedException | AwsOrganizationsNotInUseException e) {
            throw new OrganizationsAccessDeniedException(what, AwsFaults.errorCode(e), e);
        } catch (SdkException e) {
            AwsFaults.rethrowIfTransient(e, what);
            throw e;
        }
    }

    /** An account found, or asked for, before the rules of {@link #list} sort it. */
    private record Candidate(String accountId, Account account, String ouId, ErrorCode skipReason, String skipMessage) {

        SkippedAccount skipped() {
            return skip(skipReason, skipMessage);
        }

        SkippedAccount skip(ErrorCode code, String message) {
            return new SkippedAccount(accountId, account == null ? null : account.name(), ouId, code, message);
        }
    }

    private record Placed(Account account, String parentId) {
    }

    /** The part of the OU tree walked so far: each OU's parent and each account's parent. */
    private final class Tree {

        private final Map<String, String> unitParents = new HashMap<>();
        private final Map<String, Placed> accounts = new LinkedHashMap<>();
        private final OrganizationalUnitPaths paths = new OrganizationalUnitPaths();

        /** Walks {@code parentId} (a root or an OU) and everything below it, depth first. */
        void walk(String parentId) {
            unitParents.putIfAbsent(parentId, null);
            List<Account> children = call("organizations:ListAccountsForParent " + parentId,
                    () -> organizations.listAccountsForParentPaginator(r -> r.parentId(parentId).maxResults(PAGE_SIZE)).stream()
                            .flatMap(page -> page.accounts().stream()).toList());
            for (Account account : children) {
                accounts.putIfAbsent(account.id(), new Placed(account, parentId));
            }
            List<OrganizationalUnit> units = call("organizations:ListOrganizationalUnitsForParent " + parentId,
                    () -> organizations.listOrganizationalUnitsForParentPaginator(r -> r.parentId(parentId).maxResults(PAGE_SIZE))
                            .stream().flatMap(page -> page.organizationalUnits().stream()).toList());
            for (OrganizationalUnit unit : units) {
                String unitId = unit.id();
                paths.unit(unitId, unit.name(), parentId);
                if (!unitParents.containsKey(unitId)) {
                    unitParents.put(unitId, parentId);
                    walk(unitId);
                }
            }
        }

        /**
         * Names a walked subtree's top and the OUs above it, up to the root (one ListParents and one
         * DescribeOrganizationalUnit per level), so that the OUs below it have their whole path.
         */
        void nameAncestors(String unitId) {
            for (String current = unitId; current != null && !paths.isRoot(current) && !paths.knows(current); ) {
                String id = current;
                String name = call("organizations:DescribeOrganizationalUnit " + id,
                        () -> organizations.describeOrganizationalUnit(r -> r.organizationalUnitId(id)).organizationalUnit().name());
                String parentId = call("organizations:ListParents " + id,
                        () -> organizations.listParents(r -> r.childId(id)).parents().stream().findFirst().map(Parent::id).orElse(null));
                paths.unit(id, name, parentId);
                current = parentId;
            }
        }

        boolean contains(String parentId) {
            return unitParents.containsKey(parentId);
        }

        String parentOf(String accountId) {
            Placed placed = accounts.get(accountId);
            return placed == null ? null : placed.parentId();
        }

        /** Whether {@code parentId} is one of {@code units} or below one of them. */
        boolean isUnderAny(String parentId, List<String> units) {
            for (String current = parentId; current != null; current = unitParents.get(current)) {
                if (units.contains(current)) {
                    return true;
                }
            }
            return false;
        }
    }
}
