package com.auditremediation.local;

import com.auditremediation.core.Inputs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A demo organisation, as JSON ({@code --org FILE}): OUs nest, accounts sit in an OU or at the root. An account may be
 * {@code suspended} (closed after creation) or have its {@code executionRoleMissing} (AssumeRole into it is refused,
 * as AWS refuses it where Control Tower never enrolled the account). {@code compliantWith} names checks whose settings
 * the local run makes compliant in that account before the sweep, by running check-account itself in remediate mode
 * for them, so that the demo report shows a mix rather than the same finding everywhere; {@code nonCompliantWith} names
 * checks that a new account passes and the local run makes fail there ({@link DemoFindings}: a public snapshot, a
 * public AMI), and {@code declarativePolicies} the EC2 account attributes that an organisation's declarative policy
 * manages in it (the stand-in's admin names and fields, docs/stand-in.md, for example
 * {@code {"ec2-instance-metadata-defaults": {"httpTokens": "required"}}}). {@code securityHubDisabled} leaves Security
 * Hub off in it (the local run enables it in the others, so the report shows findings exported and skipped). {@code resources} names
 * things the local run creates in the account first, for the checks that look at resources to find
 * ({@link DemoOrganization#RESOURCES}, for example {@code "kms-key-without-rotation"}).
 */
public record OrganizationSpec(List<OrganizationalUnit> organizationalUnits, List<Account> accounts) {

    public OrganizationSpec {
        organizationalUnits = organizationalUnits == null ? List.of() : List.copyOf(organizationalUnits);
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    public record OrganizationalUnit(String name, List<Account> accounts, List<OrganizationalUnit> organizationalUnits) {

        public OrganizationalUnit {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("every organizational unit needs a \"name\"");
            }
            accounts = accounts == null ? List.of() : List.copyOf(accounts);
            organizationalUnits = organizationalUnits == null ? List.of() : List.copyOf(organizationalUnits);
        }
    }

    public record Account(String name, String email, Boolean suspended, Boolean executionRoleMissing, List<String> compliantWith,
                          Boolean securityHubDisabled, List<String> nonCompliantWith, Map<String, Map<String, Object>> declarativePolicies,
                          List<String> resources) {

        public Account {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("every account needs a \"name\"");
            }
            compliantWith = compliantWith == null ? List.of() : List.copyOf(compliantWith);
            nonCompliantWith = nonCompliantWith == null ? List.of() : List.copyOf(nonCompliantWith);
            declarativePolicies = declarativePolicies == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(declarativePolicies));
            resources = resources == null ? List.of() : List.copyOf(resources);
            for (String resource : resources) {
                if (!DemoOrganization.RESOURCES.contains(resource)) {
                    throw new IllegalArgumentException("account \"" + name + "\": \"resources\" has '" + resource
                            + "'; the demo can create " + String.join(", ", DemoOrganization.RESOURCES));
                }
            }
        }

        /** An account with nothing arranged or created before the sweep and Security Hub enabled (where it can be). */
        public Account(String name, String email, Boolean suspended, Boolean executionRoleMissing) {
            this(name, email, suspended, executionRoleMissing, List.of(), null, List.of(), Map.of(), List.of());
        }

        /** Whether the demo enables Security Hub in it: unless {@code securityHubDisabled}. */
        public boolean isSecurityHubEnabled() {
            return !Boolean.TRUE.equals(securityHubDisabled);
        }

        public boolean isSuspended() {
            return Boolean.TRUE.equals(suspended);
        }

        public boolean isExecutionRoleMissing() {
            return Boolean.TRUE.equals(executionRoleMissing);
        }
    }

    /** About a dozen accounts in nested OUs, one suspended and one whose execution role is missing. */
    public static OrganizationSpec demo() {
        try (InputStream in = OrganizationSpec.class.getResourceAsStream("demo-organization.json")) {
            return Inputs.read(in, OrganizationSpec.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OrganizationSpec read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Inputs.read(in, OrganizationSpec.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code count} member accounts spread over Workloads/Production, Workloads/Development and Sandbox; the last
     * sandbox account is suspended and the last development account has no execution role.
     */
    public static OrganizationSpec generated(int count) {
        if (count < 3) {
            throw new IllegalArgumentException("--accounts must be at least 3 (one suspended, one without its role, one healthy)");
        }
        List<Account> production = new ArrayList<>();
        List<Account> development = new ArrayList<>();
        List<Account> sandbox = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = String.format("workload-%04d", i);
            switch (i % 3) {
                case 0 -> production.add(new Account(name, null, null, null));
                case 1 -> development.add(new Account(name, null, null, i == lastIndexOf(count, 1)));
                default -> sandbox.add(new Account(name, null, i == lastIndexOf(count, 2), null));
            }
        }
        return new OrganizationSpec(List.of(
                new OrganizationalUnit("Workloads", List.of(), List.of(
                        new OrganizationalUnit("Production", production, List.of()),
                        new OrganizationalUnit("Development", development, List.of()))),
                new OrganizationalUnit("Sandbox", sandbox, List.of())), List.of());
    }

    private static int lastIndexOf(int count, int remainder) {
        for (int i = count; i >= 1; i--) {
            if (i % 3 == remainder) {
                return i;
            }
        }
        return -1;
    }
}
