package com.auditremediation.checkaccount.check;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EvidenceTest {

    @Test
    void aCappedListKeepsTenItemsAndCountsTheRest() {
        List<String> twelve = IntStream.rangeClosed(1, 12).mapToObj(i -> "snap-" + i).toList();

        List<String> capped = Evidence.capped(twelve);

        assertThat(capped).hasSize(11).endsWith("snap-10", "and 2 more");
        assertThat(Evidence.countOf(capped)).isEqualTo(12);
        assertThat(Evidence.countOf(Evidence.capped(twelve.subList(0, 10)))).isEqualTo(10);
        assertThat(Evidence.countOf(List.of())).isZero();
    }
}
