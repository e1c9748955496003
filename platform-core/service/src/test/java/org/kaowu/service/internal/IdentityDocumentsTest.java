package org.kaowu.service.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.IdentityDocumentType;
import org.kaowu.api.KaowuException;

class IdentityDocumentsTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 1);

    @ParameterizedTest
    @ValueSource(strings = {"11010519491231002X", "500103199003071239", "650102198511200019", "500112198002293210"})
    void acceptsValidResidentIdNumbers(String number) {
        assertThat(IdentityDocuments.validate(IdentityDocumentType.RESIDENT_ID, number, TODAY)).isEqualTo(number);
    }

    @Test
    void lowerCaseXAndSpacesAreCanonicalised() {
        assertThat(IdentityDocuments.validate(IdentityDocumentType.RESIDENT_ID, " 11010519491231002x ", TODAY))
                .isEqualTo("11010519491231002X");
    }

    @Test
    void checkCharacterFollowsIso7064Mod112() {
        assertThat(IdentityDocuments.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(IdentityDocuments.checkCharacter("50010319900307123")).isEqualTo('9');
        assertThat(IdentityDocuments.checkCharacter("65010219851120001")).isEqualTo('9');
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "110105194912310021, check character wrong",
            "500103199003071238, check character wrong",
            "11010519491231002, 17 characters",
            "1101051949123100211, 19 characters",
            "11010519491231A02X, letter inside",
            "X10105194912310021, letter first",
            "990105194912310021, unknown province code",
            "110105194902300025, 30 February",
            "110105202801010012, born in the future",
            "110105189912310020, born before 1900",
            "500112198102293212, 29 February of a common year",
    })
    void refusesMalformedResidentIdNumbers(String number, String why) {
        assertThatThrownBy(() -> IdentityDocuments.validate(IdentityDocumentType.RESIDENT_ID, number, TODAY))
                .isInstanceOfSatisfying(KaowuException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ID_NUMBER);
                    assertThat(e.field()).contains("idNumber");
                });
    }

    @Test
    void householdRegisterOnlyForMinors() {
        // born 2010-06-15: 15 years old on TODAY
        assertThat(IdentityDocuments.validate(IdentityDocumentType.HOUSEHOLD_REGISTER, "500106201006154565", TODAY))
                .isEqualTo("500106201006154565");
        assertThatThrownBy(() -> IdentityDocuments.validate(IdentityDocumentType.HOUSEHOLD_REGISTER, "500103199003071239", TODAY))
                .isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ID_TYPE_NOT_ACCEPTED));
        // and the number inside still has to be valid
        assertThatThrownBy(() -> IdentityDocuments.validate(IdentityDocumentType.HOUSEHOLD_REGISTER, "500106201006154564", TODAY))
                .isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ID_NUMBER));
    }

    @Test
    void eighteenthBirthdayEndsHouseholdRegister() {
        LocalDate birthday = LocalDate.of(2028, 6, 15);
        assertThat(IdentityDocuments.validate(IdentityDocumentType.HOUSEHOLD_REGISTER, "500106201006154565", birthday.minusDays(1)))
                .isNotEmpty();
        assertThatThrownBy(() -> IdentityDocuments.validate(IdentityDocumentType.HOUSEHOLD_REGISTER, "500106201006154565", birthday))
                .isInstanceOf(KaowuException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"南字第1234567号", "军字第123456号", "士字第12345678号"})
    void acceptsMilitaryIds(String number) {
        assertThat(IdentityDocuments.validate(IdentityDocumentType.MILITARY_ID, number, TODAY)).isEqualTo(number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567", "南字1234567号", "南字第12345号", "南字第123456789号", "ABC字第1234567号", "南字第1234567"})
    void refusesMalformedMilitaryIds(String number) {
        assertThatThrownBy(() -> IdentityDocuments.validate(IdentityDocumentType.MILITARY_ID, number, TODAY))
                .isInstanceOfSatisfying(KaowuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ID_NUMBER));
    }

    @Test
    void masksAllButEdges() {
        assertThat(IdentityDocuments.mask("11010519491231002X")).isEqualTo("110***********002X");
        assertThat(IdentityDocuments.mask("123")).isEqualTo("***");
    }
}
