package com.auditremediation.checkaccount.check;

import java.util.ArrayList;
import java.util.List;

/** Evidence for results, kept small: about 1,000 accounts' results share one state's 256 KiB. */
public final class Evidence {

    /** Items listed in a result's evidence at most; the rest are counted. */
    public static final int MAX_LISTED = 10;

    private Evidence() {
    }

    /** At most {@link #MAX_LISTED} of {@code items}, then "and N more" when there are more. */
    public static List<String> capped(List<String> items) {
        if (items.size() <= MAX_LISTED) {
            return List.copyOf(items);
        }
        List<String> listed = new ArrayList<>(items.subList(0, MAX_LISTED));
        listed.add("and " + (items.size() - MAX_LISTED) + " more");
        return listed;
    }

    /** How many items a list made by {@link #capped} stands for: its items, or the ones listed and the "N more". */
    public static int countOf(List<?> capped) {
        if (capped.size() <= MAX_LISTED) {
            return capped.size();
        }
        String more = String.valueOf(capped.get(MAX_LISTED));
        return MAX_LISTED + Integer.parseInt(more.substring("and ".length(), more.length() - " more".length()));
    }
}
