package org.kaowu.regiondata.internal;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.LocalizedText;
import org.kaowu.api.Office;
import org.kaowu.api.TicketNumberStructure;
import org.kaowu.api.TicketSequence;
import org.kaowu.api.rules.AssistanceUnit;
import org.kaowu.api.rules.DailyLock;
import org.kaowu.api.rules.ExamArea;
import org.kaowu.api.rules.ExamLanguage;
import org.kaowu.api.rules.ScoreDeadlines;
import org.kaowu.api.rules.Sitting;
import org.kaowu.api.rules.WorkingDays;
import org.kaowu.regiondata.RegionData;
import org.kaowu.regiondata.TicketPattern;
import org.kaowu.spi.ExamCalendar;
import org.kaowu.spi.RegionProfile;
import org.kaowu.spi.TicketNumberFormat;
import org.kaowu.spi.TicketRequest;

/** The SPI services of a region backed by its (immutable) data. */
final class DataServices {
    private DataServices() {
    }

    record Profile(RegionData d) implements RegionProfile {
        @Override
        public String code() {
            return d.code();
        }

        @Override
        public LocalizedText names() {
            return d.names();
        }

        @Override
        public ZoneId timeZone() {
            return d.timeZone();
        }

        @Override
        public List<String> locales() {
            return d.locales();
        }

        @Override
        public Set<IdentityDocumentType> identityDocuments() {
            return d.identityDocuments();
        }

        @Override
        public boolean emailRequired() {
            return d.emailRequired();
        }

        @Override
        public List<Office> offices() {
            return d.offices();
        }

        @Override
        public String defaultRegistrationOffice() {
            return d.defaultRegistrationOffice();
        }

        @Override
        public List<ExamArea> examAreas() {
            return d.examAreas();
        }

        @Override
        public List<ExamLanguage> examLanguages() {
            return d.examLanguages();
        }

        @Override
        public Map<String, LocalizedText> messages() {
            return d.messages();
        }

        @Override
        public List<AssistanceUnit> assistanceUnits() {
            return d.assistanceUnits();
        }
    }

    record Calendar(RegionData d) implements ExamCalendar {
        @Override
        public List<Sitting> sittings() {
            return d.sittings();
        }

        @Override
        public List<DailyLock> dailyLocks() {
            return d.dailyLocks();
        }

        @Override
        public WorkingDays workingDays() {
            return d.workingDays();
        }

        @Override
        public ScoreDeadlines deadlines() {
            return d.deadlines();
        }

        @Override
        public Set<String> sampleSittings() {
            return d.sampleSittings();
        }

        @Override
        public java.time.LocalDate admissionNoticesFrom(Sitting sitting) {
            java.time.LocalDate day = d.admissionNotices().get(sitting.code());
            return day != null ? day : ExamCalendar.super.admissionNoticesFrom(sitting);
        }

        @Override
        public List<org.kaowu.api.LocalizedText> examDayRules() {
            return d.examDayRules();
        }
    }

    record TicketNumbers(TicketPattern pattern, String exampleOffice) implements TicketNumberFormat {
        @Override
        public String issue(TicketRequest request, TicketSequence sequence) {
            return pattern.issue(request.registeredOn().getYear(), request.officeCode(), sequence);
        }

        @Override
        public boolean isValid(String ticketNumber) {
            return pattern.isValid(ticketNumber);
        }

        @Override
        public TicketNumberStructure structure() {
            return pattern.structure(exampleOffice);
        }
    }
}
