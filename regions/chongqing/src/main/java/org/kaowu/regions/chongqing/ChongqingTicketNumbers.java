package org.kaowu.regions.chongqing;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.kaowu.api.Office;
import org.kaowu.api.TicketNumberStructure;
import org.kaowu.api.TicketNumberStructure.Part;
import org.kaowu.api.TicketSequence;
import org.kaowu.spi.RegionProperties;
import org.kaowu.spi.TicketNumberFormat;
import org.kaowu.spi.TicketRequest;
import org.osgi.service.component.annotations.Component;

/**
 * Chongqing's 12-digit ticket number (准考证号), assigned at first registration and kept until
 * graduation (seed 001):
 *
 * <pre>
 *   YY    CCCC   SSSSS   K
 *   26    0103   00042   7
 * </pre>
 * YY: year of registration (Beijing time); CCCC: the registration office, the last four digits of its
 * GB/T 2260 code; SSSSS: sequence within that year and office, from 00001; K: Luhn check digit over the
 * first eleven digits, so a mistyped digit or a swap of neighbours is caught before any lookup.
 */
@Component(property = RegionProperties.REGION + "=" + Chongqing.CODE)
public final class ChongqingTicketNumbers implements TicketNumberFormat {
    static final int MAX_SEQUENCE = 99_999;
    private static final Set<String> OFFICES = Chongqing.OFFICES.stream()
            .filter(o -> o.level() == Office.OfficeLevel.COUNTY)
            .map(o -> o.code().substring(2))
            .collect(Collectors.toUnmodifiableSet());

    @Override
    public String issue(TicketRequest request, TicketSequence sequence) {
        String office = request.officeCode();
        if (!office.startsWith("50") || !OFFICES.contains(office.substring(2))) {
            throw new IllegalArgumentException("Not a Chongqing registration office: " + office);
        }
        int year = request.registeredOn().getYear() % 100;
        long seq = sequence.next(request.registeredOn().getYear() + "-" + office);
        if (seq > MAX_SEQUENCE) {
            throw new IllegalStateException("Office " + office + " has used all " + MAX_SEQUENCE + " ticket numbers of " + request.registeredOn().getYear());
        }
        String body = String.format("%02d%s%05d", year, office.substring(2), seq);
        return body + luhn(body);
    }

    @Override
    public boolean isValid(String ticketNumber) {
        if (ticketNumber == null || !ticketNumber.matches("\\d{12}")) {
            return false;
        }
        String body = ticketNumber.substring(0, 11);
        return OFFICES.contains(body.substring(2, 6))
                && !body.substring(6).equals("00000")
                && luhn(body) == ticketNumber.charAt(11);
    }

    @Override
    public TicketNumberStructure structure() {
        return new TicketNumberStructure(12, List.of(
                new Part("year", 2, "Year of first registration, last two digits (Beijing time)"),
                new Part("office", 4, "Registration office: last four digits of its GB/T 2260 code, e.g. 0103 for Yuzhong District"),
                new Part("sequence", 5, "Sequence within that year and office, from 00001"),
                new Part("check", 1, "Luhn check digit over the first eleven digits")),
                "260103000014");
    }

    /** Luhn check digit for {@code digits}. */
    static char luhn(String digits) {
        int sum = 0;
        boolean twice = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }
}
