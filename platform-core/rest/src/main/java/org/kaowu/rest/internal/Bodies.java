package org.kaowu.rest.internal;

/** JSON request bodies of the account endpoints, one record each (unknown fields are refused). */
final class Bodies {
    private Bodies() {
    }

    record Login(String login, String password) {
    }

    record StaffLogin(String username, String password) {
    }

    record PasswordChange(String oldPassword, String newPassword, String confirm) {
    }

    record OnlineConfirmation(String idCardImage, String faceImage, String idPhoto) {
    }

    record MobileBinding(String mobile) {
    }

    record Code(String code) {
    }

    record RecoveryStart(String channel, String idNumber, String ticketNumber, String email, String mobile) {
    }

    record RecoveryCompletion(String secret, String newPassword, String confirm) {
    }

    record Returning(String name, String idType, String idNumber, String mobile, String email, String password, String ticketNumber,
            String securityQuestion, String securityAnswer, String examLanguage, Integer ticketChoice) {
    }

    record RecordOnFile(String name, String idNumber, String ticketNumber, String office) {
    }

    record PriorEducation(String major, String diplomaNumber) {
    }

    record Proof(String document) {
    }

    record ProofReview(String decision, String reason) {
    }

    record Search(String text, Integer limit) {
    }

    record Review(String decision, String reason) {
    }

    record Confirmation(String method, String photo) {
    }

    record Staff(String username, String password, String role, String office) {
    }

    record PasswordReset(Boolean identityChecked) {
    }

    record Correction(String reason, String name, String idType, String idNumber) {
        org.kaowu.api.RegistrationCorrection correction() {
            return new org.kaowu.api.RegistrationCorrection(java.util.Optional.ofNullable(name),
                    java.util.Optional.ofNullable(idType).filter(t -> !t.isBlank()).map(t -> Requests.oneOf(org.kaowu.api.IdentityDocumentType.class, t, "idType")),
                    java.util.Optional.ofNullable(idNumber));
        }
    }

    record Resubmission(String name, String idType, String idNumber) {
        org.kaowu.api.RegistrationCorrection correction() {
            return new Correction(null, name, idType, idNumber).correction();
        }
    }

    record EnrollmentStart(String sitting) {
    }

    record Majors(java.util.List<String> majors) {
    }

    record Courses(java.util.List<CourseLine> courses) {
    }

    record CourseLine(String major, String course) {
    }

    record ExamArea(String examArea) {
    }

    record Method(String method) {
    }

    record ScoreLookup(String ticketNumber, String idNumber, String sitting) {
    }

    record RecheckApplication(String sitting, String course) {
    }

    record RecheckOutcome(String outcome, String score) {
    }
}
