package com.auditremediation.core.model;

/**
 * Why a NON_COMPLIANT result needs no work: the {@code exception} that a {@link CheckResult} carries. The result keeps
 * its verdict (the setting is still what it is); reports count it apart from the results that need work, remediate
 * mode does not fix it, a plan does not list it, and its Security Hub finding is SUPPRESSED with a note.
 *
 * @param source    {@code file} or {@code securityhub}
 * @param reason    the entry's reason, or the text of the suppressed finding's note (null when it has none)
 * @param owner     the entry's owner, or who last updated the suppressed finding's note, as the finding says
 * @param expires   the entry's last day (ISO date, UTC); null for a suppression in Security Hub, which lasts until a
 *                  person lifts it
 * @param ticket    the entry's ticket, when it has one
 * @param entry     the entry's index in the exceptions file ({@code exceptions[entry]}); file only
 * @param finding   the suppressed finding's Id; Security Hub only
 * @param updatedAt when the suppressed finding's note was last updated, as the finding says; Security Hub only
 */
public record AcceptedRisk(ExceptionSource source, String reason, String owner, String expires, String ticket, Integer entry,
                           String finding, String updatedAt) {

    /** An entry of the exceptions file. */
    public static AcceptedRisk fromFile(int entry, String reason, String owner, String expires, String ticket) {
        return new AcceptedRisk(ExceptionSource.FILE, reason, owner, expires, ticket, entry, null, null);
    }

    /** A suppression that a person set in Security Hub on {@code finding}, with its note as the finding has it. */
    public static AcceptedRisk fromSecurityHub(String finding, String noteText, String noteUpdatedBy, String noteUpdatedAt) {
        return new AcceptedRisk(ExceptionSource.SECURITYHUB, noteText, noteUpdatedBy, null, null, null, finding, noteUpdatedAt);
    }

    /** "exceptions[3] (owner platform-team, expires 2027-03-31)" or "Security Hub suppression (by alice)": for a line of text. */
    public String label() {
        if (source == ExceptionSource.FILE) {
            return "exceptions[" + entry + "] (owner " + owner + ", expires " + expires + (ticket == null ? "" : ", " + ticket) + ")";
        }
        return "suppressed in Security Hub" + (owner == null ? "" : " by " + owner);
    }
}
