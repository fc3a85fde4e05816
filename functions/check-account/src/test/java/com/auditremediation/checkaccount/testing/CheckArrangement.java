package com.auditremediation.checkaccount.testing;

/**
 * What each check's test class ({@code <CheckClass>Test}, beside the check) implements for the tests that run every
 * check ({@link CheckFixtures}): how to make its setting compliant and non-compliant in a member account, and how to
 * read it back. The compiler holds every check test to these three methods; CheckFixtures finds the test class by its
 * name and fails, naming the class, where one does not implement this.
 */
public interface CheckArrangement {

    void arrangeCompliant(CheckFixtures.Fixture fixture);

    void arrangeNonCompliant(CheckFixtures.Fixture fixture);

    /** The setting as moto holds it, for before/after comparisons. */
    Object state(CheckFixtures.Fixture fixture);
}
