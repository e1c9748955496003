package org.kaowu.regions.chongqing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.TicketSequence;
import org.kaowu.spi.TicketRequest;

class ChongqingTicketNumbersTest {
    private final ChongqingTicketNumbers format = new ChongqingTicketNumbers();

    /** In-memory counters with the same contract as the platform's database sequence. */
    private static final class Counters implements TicketSequence {
        final Map<String, Long> values = new HashMap<>();

        @Override
        public long next(String scope) {
            return values.merge(scope, 1L, Long::sum);
        }
    }

    private static TicketRequest request(String office, LocalDate day) {
        return new TicketRequest(day, office, IdentityDocumentType.RESIDENT_ID);
    }

    @Test
    void buildsYearOfficeSequenceAndCheckDigit() {
        String first = format.issue(request("500103", LocalDate.of(2026, 3, 1)), new Counters());
        assertThat(first).isEqualTo("260103000014").hasSize(12);
        assertThat(format.isValid(first)).isTrue();
        assertThat(format.structure().example()).isEqualTo(first);
        assertThat(format.structure().parts()).extracting(p -> p.width()).containsExactly(2, 4, 5, 1);
    }

    @Test
    void numbersAreUniqueAcrossOfficesAndYears() {
        Counters counters = new Counters();
        Set<String> issued = new HashSet<>();
        for (String office : new String[] {"500101", "500103", "500112"}) {
            for (int year : new int[] {2025, 2026}) {
                for (int i = 0; i < 500; i++) {
                    String t = format.issue(request(office, LocalDate.of(year, 5, 1)), counters);
                    assertThat(format.isValid(t)).as(t).isTrue();
                    assertThat(issued.add(t)).as("duplicate %s", t).isTrue();
                }
            }
        }
        assertThat(counters.values).containsEntry("2026-500103", 500L);
    }

    @Test
    void scopeIsYearAndOffice() {
        Counters counters = new Counters();
        format.issue(request("500103", LocalDate.of(2026, 1, 1)), counters);
        format.issue(request("500106", LocalDate.of(2026, 1, 1)), counters);
        format.issue(request("500103", LocalDate.of(2027, 1, 1)), counters);
        assertThat(counters.values).containsOnlyKeys("2026-500103", "2026-500106", "2027-500103");
    }

    @ParameterizedTest
    @ValueSource(strings = {"260103000015", "26010300001", "2601030000144", "26010300001X", "269999000010", "260103000000", "620103000014"})
    void rejectsMalformedNumbers(String number) {
        assertThat(format.isValid(number)).isFalse();
    }

    @Test
    void checkDigitCatchesSwappedNeighbours() {
        assertThat(format.isValid("260103000014")).isTrue();
        assertThat(format.isValid("260103000104")).isFalse();
    }

    @Test
    void refusesOfficesOutsideChongqing() {
        assertThatThrownBy(() -> format.issue(request("110105", LocalDate.of(2026, 1, 1)), new Counters()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> format.issue(request("500000", LocalDate.of(2026, 1, 1)), new Counters()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToOverflowTheSequence() {
        TicketSequence full = scope -> ChongqingTicketNumbers.MAX_SEQUENCE + 1;
        assertThatThrownBy(() -> format.issue(request("500103", LocalDate.of(2026, 1, 1)), full))
                .isInstanceOf(IllegalStateException.class);
    }
}
