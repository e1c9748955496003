package org.kaowu.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Admission notices (准考证 / 考试通知单): the candidate's printable notice of a sitting, with photo, ticket
 * number, each course's session, site, room and seat, and the region's exam-day rules; available from the
 * region's notice date (its calendar, region time, the platform clock) once the seats of the candidate's
 * exam area are published. Each notice carries a verification code (a short signed token, also as a QR
 * code) that anyone can check without logging in, learning only the name's initial, the photo and the seats.
 */
@ProviderType
public interface AdmissionNotices {
    /**
     * The PDF of the logged-in candidate's notice for the sitting.
     *
     * @throws KaowuException ADMISSION_NOTICE_NOT_AVAILABLE (before the notice date, or seats not published),
     *         ENROLLMENT_NOT_FOUND (no enrollment in the sitting), ENROLLMENT_NOT_PAID, SITTING_NOT_FOUND
     */
    byte[] notice(String region, String token, String sitting);

    /**
     * Checks a verification code: rate limited per client address.
     *
     * @throws KaowuException ADMISSION_NOTICE_NOT_FOUND (one answer for a forged, malformed or unknown code), RATE_LIMITED
     */
    Verified verify(String code, String client);

    /** What a verification shows: the region, sitting, the name's first character, the photo (JPEG) and the seats. */
    record Verified(String region, String sitting, String nameInitial, byte[] photo, List<SeatView> seats) {
        public Verified {
            seats = List.copyOf(seats);
        }
    }
}
