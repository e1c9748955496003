package org.kaowu.regiondata;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kaowu.api.TicketNumberStructure;
import org.kaowu.api.TicketSequence;

/**
 * A ticket-number format described by data ({@code ticket-number.json}): fixed-width parts taken from the
 * year, the registration office, a gap-free sequence, a literal, or a Luhn check digit over the digits
 * before it. A region whose numbers need code supplies its own {@link org.kaowu.spi.TicketNumberFormat}
 * service instead. {@code sample} (optional, never null once read) marks a layout that is an example rather than the
 * authority's rules.
 */
public record TicketPattern(List<Part> parts, Scope sequenceScope, Boolean sample) {
    public TicketPattern {
        sample = Boolean.TRUE.equals(sample); // optional in the file: absent is not sample
        if (parts == null || parts.isEmpty() || parts.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("parts must list at least one part");
        }
        parts = List.copyOf(parts);
        if (sequenceScope == null) {
            throw new IllegalArgumentException("sequenceScope is required");
        }
        if (parts.stream().filter(p -> p.source() == Source.SEQUENCE).count() != 1) {
            throw new IllegalArgumentException("exactly one part must have source SEQUENCE, so that numbers are unique");
        }
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).source() == Source.LUHN && i != parts.size() - 1) {
                throw new IllegalArgumentException("a LUHN check digit must be the last part");
            }
        }
    }

    /** Where a part's characters come from. */
    public enum Source { YEAR, OFFICE, SEQUENCE, LITERAL, LUHN }

    /** Which registrations share a sequence. */
    public enum Scope { ALL, YEAR, OFFICE, YEAR_OFFICE }

    /** One part: its name, width, source, the literal value for LITERAL, and a description. */
    public record Part(String name, int width, Source source, String value, String description) {
        public Part {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("part name is required");
            }
            if (source == null) {
                throw new IllegalArgumentException("part " + name + " source is required");
            }
            if (width < 1 || width > 12) {
                throw new IllegalArgumentException("part " + name + " width must be 1 to 12, not " + width);
            }
            if (source == Source.LUHN && width != 1) {
                throw new IllegalArgumentException("part " + name + ": a LUHN check digit is 1 wide");
            }
            if (source == Source.LITERAL && (value == null || value.length() != width || !value.chars().allMatch(Character::isLetterOrDigit))) {
                throw new IllegalArgumentException("part " + name + ": a LITERAL needs a value of exactly " + width + " letters or digits");
            }
            if (source != Source.LITERAL && value != null) {
                throw new IllegalArgumentException("part " + name + ": only a LITERAL part has a value");
            }
            if (description == null || description.isBlank()) {
                throw new IllegalArgumentException("part " + name + " description is required");
            }
        }
    }

    public int length() {
        return parts.stream().mapToInt(Part::width).sum();
    }

    /** Builds the number for a registration in {@code year} at {@code office}, drawing one sequence value. */
    public String issue(int year, String office, TicketSequence sequence) {
        String scope = switch (sequenceScope) {
            case ALL -> "all";
            case YEAR -> Integer.toString(year);
            case OFFICE -> office;
            case YEAR_OFFICE -> year + "-" + office;
        };
        StringBuilder number = new StringBuilder(length());
        for (Part p : parts) {
            switch (p.source()) {
                case YEAR -> number.append(lastDigits(Integer.toString(year), p));
                case OFFICE -> number.append(lastDigits(office, p));
                case LITERAL -> number.append(p.value());
                case SEQUENCE -> {
                    long next = sequence.next(scope);
                    String digits = Long.toString(next);
                    if (digits.length() > p.width()) {
                        throw new IllegalStateException("ticket sequence " + scope + " is exhausted at " + next);
                    }
                    number.append("0".repeat(p.width() - digits.length())).append(digits);
                }
                case LUHN -> number.append(luhn(number));
            }
        }
        return number.toString();
    }

    public boolean isValid(String number) {
        if (number == null || number.length() != length()) {
            return false;
        }
        int at = 0;
        for (Part p : parts) {
            String piece = number.substring(at, at + p.width());
            boolean ok = switch (p.source()) {
                case LITERAL -> piece.equals(p.value());
                case LUHN -> piece.charAt(0) == luhn(number.substring(0, at));
                default -> piece.chars().allMatch(c -> c >= '0' && c <= '9');
            };
            if (!ok) {
                return false;
            }
            at += p.width();
        }
        return true;
    }

    /** The structure shown to clients, with an example number for year 2026, sequence 1. */
    public TicketNumberStructure structure(String exampleOffice) {
        List<TicketNumberStructure.Part> described = new ArrayList<>();
        for (Part p : parts) {
            described.add(new TicketNumberStructure.Part(p.name(), p.width(), p.description()));
        }
        return new TicketNumberStructure(length(), described, issue(2026, exampleOffice, scope -> 1));
    }

    private static String lastDigits(String value, Part p) {
        if (value.length() < p.width() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + value + "' has fewer than " + p.width() + " digits for part " + p.name());
        }
        return value.substring(value.length() - p.width()).toUpperCase(Locale.ROOT);
    }

    /** The Luhn (ISO/IEC 7812) check digit over the digits of {@code payload}, letters ignored. */
    static char luhn(CharSequence payload) {
        int sum = 0;
        boolean doubleIt = true;
        for (int i = payload.length() - 1; i >= 0; i--) {
            char c = payload.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }
}
