package com.auditremediation.core.model;

import java.util.List;

/** A plan's items counted by outcome: {@code planned} = every item; the others add up to it once decided. */
public record FixCounts(int planned, int fixed, int changed, int refused, int failed) {

    public static FixCounts of(List<PlannedFix> fixes) {
        int fixed = 0;
        int changed = 0;
        int refused = 0;
        int failed = 0;
        for (PlannedFix fix : fixes) {
            switch (fix.outcome()) {
                case FIXED -> fixed++;
                case CHANGED -> changed++;
                case REFUSED -> refused++;
                case FAILED -> failed++;
                case PLANNED -> { }
            }
        }
        return new FixCounts(fixes.size(), fixed, changed, refused, failed);
    }
}
