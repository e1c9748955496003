package org.kaowu.api;

import java.util.Optional;

/**
 * Corrected registration data (an office's correction with a reason, or a rejected candidate's
 * resubmission): each field given replaces the stored one, each left empty stays.
 */
public record RegistrationCorrection(Optional<String> name, Optional<IdentityDocumentType> idType, Optional<String> idNumber) {
    public RegistrationCorrection {
        name = name == null ? Optional.empty() : name;
        idType = idType == null ? Optional.empty() : idType;
        idNumber = idNumber == null ? Optional.empty() : idNumber;
    }

    @Override
    public String toString() {
        return "RegistrationCorrection[" + (name.isPresent() ? "name " : "") + idType.map(t -> t + " ").orElse("") + (idNumber.isPresent() ? "idNumber" : "") + "]";
    }
}
