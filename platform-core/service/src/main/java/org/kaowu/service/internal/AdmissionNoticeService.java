package org.kaowu.service.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import org.kaowu.api.AdmissionNotices;
import org.kaowu.api.Enrollment;
import org.kaowu.api.EnrollmentStatus;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.ExamRoom;
import org.kaowu.api.KaowuException;
import org.kaowu.api.LocalizedText;
import org.kaowu.api.RegionSummary;
import org.kaowu.api.SeatAllocationSummary;
import org.kaowu.api.SeatView;
import org.kaowu.api.Throttle;
import org.kaowu.api.rules.ExamSession;
import org.kaowu.api.rules.Sitting;
import org.kaowu.service.internal.documents.ConfirmationDocument;
import org.kaowu.store.CandidateStore;
import org.kaowu.store.EnrollmentStore;
import org.kaowu.store.ExamOperationsStore;
import org.kaowu.store.Photo;
import org.kaowu.store.StoredCandidate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Admission notices (准考证): the PDF of a candidate's seats in a sitting, from the region's notice date on
 * (its calendar, region time, on the platform clock) once the seats of the exam area are published, with
 * the photo, ticket number, each course's session, site, room and seat, the region's exam-day rules, and a
 * verification code: the enrollment's id and a 6-byte HMAC of it (a key derived from the session signing
 * key), in Base32, also as a QR code of the public verification address. Checking a code needs no login,
 * is rate limited per client address (the lookup budget), and shows only the name's initial, the photo and
 * the current seats (after a late change, the new ones).
 */
@Component(configurationPid = "org.kaowu.accounts")
public final class AdmissionNoticeService implements AdmissionNotices {
    static final String PURPOSE = "admission-notice";
    private static final int MAC_BYTES = 6;
    private static final String FALLBACK_URL = "http://localhost:8080";

    private final Regions regions;
    private final CandidateStore candidates;
    private final EnrollmentStore enrollments;
    private final ExamOperationsStore store;
    private final SessionTokens tokens;
    private final Throttle throttle;
    private final Clock clock;
    private final String publicUrl;

    @Activate
    public AdmissionNoticeService(CandidateAccountService.Config config, @Reference Regions regions, @Reference CandidateStore candidates,
            @Reference EnrollmentStore enrollments,
            @Reference(target = "(component.name=org.kaowu.store.internal.StoreComponent)") ExamOperationsStore store,
            @Reference SessionTokens tokens, @Reference Throttle throttle, @Reference Clock clock) {
        this.regions = regions;
        this.candidates = candidates;
        this.enrollments = enrollments;
        this.store = store;
        this.tokens = tokens;
        this.throttle = throttle;
        this.clock = clock;
        String url = config.publicUrl() == null ? "" : config.publicUrl().trim().replaceAll("/+$", "");
        this.publicUrl = url.isEmpty() ? FALLBACK_URL : url;
    }

    private LiveRegion live(String code) {
        return regions.live(code).orElseThrow(() -> new KaowuException(ErrorCode.REGION_NOT_FOUND, "No region " + code + " is installed"));
    }

    private StoredCandidate self(String region, String token) {
        SessionTokens.Claims c = tokens.verify(token, SessionTokens.Kind.CANDIDATE);
        if (!c.region().equals(region)) {
            throw new KaowuException(ErrorCode.UNAUTHENTICATED, "This session belongs to another region");
        }
        return candidates.findById(region, c.subject())
                .orElseThrow(() -> new KaowuException(ErrorCode.UNAUTHENTICATED, "The session's candidate no longer exists"));
    }

    @Override
    public byte[] notice(String regionCode, String token, String sittingCode) {
        LiveRegion region = live(regionCode);
        StoredCandidate c = self(regionCode, token);
        Sitting sitting = EnrollmentService.sitting(region, sittingCode);
        Enrollment e = enrollments.enrollments(regionCode, c.id()).stream().filter(x -> x.sitting().equals(sittingCode)).findFirst()
                .orElseThrow(() -> new KaowuException(ErrorCode.ENROLLMENT_NOT_FOUND, "No enrollment in sitting " + sittingCode));
        if (e.status() != EnrollmentStatus.PAID) {
            throw new KaowuException(ErrorCode.ENROLLMENT_NOT_PAID, "Admission notices are for paid enrollments; this one is " + e.status());
        }
        LocalDate today = LocalDate.now(clock.withZone(region.profile().timeZone()));
        LocalDate from = region.calendar().admissionNoticesFrom(sitting);
        if (today.isBefore(from)) {
            throw new KaowuException(ErrorCode.ADMISSION_NOTICE_NOT_AVAILABLE, "Admission notices of " + sittingCode + " are available from " + from
                    + " (" + region.profile().timeZone() + ")");
        }
        String area = e.examArea().orElseThrow();
        boolean published = store.allocation(regionCode, sittingCode, area).map(a -> a.status() == SeatAllocationSummary.Status.PUBLISHED)
                .orElse(false);
        if (!published) {
            throw new KaowuException(ErrorCode.ADMISSION_NOTICE_NOT_AVAILABLE, "The seats of exam area " + area + " are not published yet");
        }
        List<SeatView> seats = seats(regionCode, sitting, c.id());
        String code = code(e.id());
        List<ConfirmationDocument.Fact> facts = new ArrayList<>();
        facts.add(new ConfirmationDocument.Fact("姓名 Name", c.name()));
        facts.add(new ConfirmationDocument.Fact("证件号码 ID number", IdentityDocuments.mask(c.idNumber())));
        facts.add(new ConfirmationDocument.Fact("准考证号 Ticket number", c.ticketNumber().orElse("-")));
        facts.add(new ConfirmationDocument.Fact("考次 Sitting", sittingCode + " " + zh(sitting.names())));
        facts.add(new ConfirmationDocument.Fact("考区 Exam area", area + " " + region.profile().examAreas().stream().filter(a -> a.code().equals(area))
                .findFirst().map(a -> zh(a.names())).orElse("")));
        facts.add(new ConfirmationDocument.Fact("验证码 Verification code", code));
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm");
        List<List<String>> rows = new ArrayList<>();
        for (SeatView s : seats) {
            String name = region.catalogue().catalogue().courses().stream().filter(x -> x.code().equals(s.course())).findFirst()
                    .map(x -> zh(x.names())).orElse("");
            rows.add(List.of(s.course() + " " + name, s.date().toString(), hm.format(s.starts()) + "-" + hm.format(s.ends()),
                    s.siteName(), s.room(), Integer.toString(s.seat())));
        }
        List<String> notes = new ArrayList<>();
        notes.add("考场规则 Exam-day rules");
        List<LocalizedText> rules = region.calendar().examDayRules();
        for (int i = 0; i < rules.size(); i++) {
            Map<String, String> texts = rules.get(i).values();
            String zh = texts.get("zh-CN");
            String en = texts.get("en");
            notes.add((i + 1) + ". " + (zh == null ? "" : zh));
            if (en != null) {
                notes.add("    " + en);
            }
            texts.entrySet().stream().filter(t -> !t.getKey().equals("zh-CN") && !t.getKey().equals("en")).map(Map.Entry::getValue).forEach(notes::add);
        }
        notes.add("验证 Verification: 扫描二维码或访问 scan the code or open");
        notes.add(verificationUrl(code));
        Optional<byte[]> photo = candidates.photo(c.id()).filter(p -> p.format().equals("jpeg")).map(Photo::image);
        return ConfirmationDocument.shipped().render(new ConfirmationDocument.Content("准考证 Admission notice", facts,
                List.of("课程 Course", "日期 Date", "时间 Time", "考点 Site", "考场 Room", "座位 Seat"), List.of(3.2f, 1.4f, 1.3f, 2.0f, 1.1f, 0.9f),
                rows, notes, photo, Optional.of(qr(verificationUrl(code)))));
    }

    /** The candidate's seats, by session date and time, with the session times and site names. */
    private List<SeatView> seats(String region, Sitting sitting, UUID candidate) {
        Map<String, ExamRoom> rooms = new java.util.HashMap<>();
        store.rooms(region, Optional.empty()).forEach(r -> rooms.putIfAbsent(r.site() + "/" + r.room(), r));
        List<SeatView> out = new ArrayList<>();
        for (ExamOperationsStore.Seat s : store.seatsOf(region, sitting.code(), candidate)) {
            Optional<ExamSession> session = sitting.sessions().stream().filter(x -> x.id().equals(s.session())).findFirst();
            if (session.isEmpty()) {
                continue;
            }
            ExamSession x = session.get();
            String siteName = Optional.ofNullable(rooms.get(s.site() + "/" + s.room())).map(ExamRoom::siteName).orElse(s.site());
            out.add(new SeatView(s.course(), s.session(), x.date(), x.starts(), x.ends(), s.site(), siteName, s.room(), s.seat()));
        }
        out.sort(java.util.Comparator.comparing(SeatView::date).thenComparing(SeatView::starts));
        return out;
    }

    String verificationUrl(String code) {
        return publicUrl + "/api/v1/admission-notices/" + code;
    }

    /** The verification code of an enrollment's notice: Base32 of its id's 16 bytes and a 6-byte MAC of them. */
    String code(UUID enrollment) {
        byte[] id = bytes(enrollment);
        byte[] mac = tokens.purposeMac(PURPOSE, id, MAC_BYTES);
        byte[] all = new byte[id.length + mac.length];
        System.arraycopy(id, 0, all, 0, id.length);
        System.arraycopy(mac, 0, all, id.length, mac.length);
        return Base32.encode(all);
    }

    /** The enrollment a code names, if it is one this platform signed. */
    Optional<UUID> enrollmentOf(String code) {
        Optional<byte[]> bytes = Base32.decode(code);
        if (bytes.isEmpty() || bytes.get().length != 16 + MAC_BYTES) {
            return Optional.empty();
        }
        byte[] id = java.util.Arrays.copyOf(bytes.get(), 16);
        byte[] mac = java.util.Arrays.copyOfRange(bytes.get(), 16, 16 + MAC_BYTES);
        if (!tokens.purposeMacValid(PURPOSE, id, mac)) {
            return Optional.empty();
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(id);
        return Optional.of(new UUID(b.getLong(), b.getLong()));
    }

    private static byte[] bytes(UUID id) {
        return java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    @Override
    public Verified verify(String code, String client) {
        throttle.require(Throttle.Budget.LOOKUP_PER_ADDRESS, client);
        KaowuException notFound = new KaowuException(ErrorCode.ADMISSION_NOTICE_NOT_FOUND, "No admission notice has this code");
        UUID id = enrollmentOf(code == null ? "" : code).orElseThrow(() -> notFound);
        for (RegionSummary r : regions.regions()) {
            Optional<Enrollment> e = enrollments.findEnrollment(r.code(), id);
            if (e.isEmpty()) {
                continue;
            }
            LiveRegion region = live(r.code());
            Sitting sitting = EnrollmentService.sitting(region, e.get().sitting());
            StoredCandidate c = candidates.findById(r.code(), e.get().candidate()).orElseThrow(() -> notFound);
            String initial = c.name().isEmpty() ? "" : new String(Character.toChars(c.name().codePointAt(0)));
            byte[] photo = candidates.photo(c.id()).map(Photo::image).orElse(new byte[0]);
            return new Verified(r.code(), sitting.code(), initial, photo, seats(r.code(), sitting, c.id()));
        }
        throw notFound;
    }

    /** The QR code's modules (error correction M, no quiet zone: the page's margin is one). */
    static boolean[][] qr(String text) {
        try {
            com.google.zxing.common.BitMatrix m = new QRCodeWriter().encode(text, com.google.zxing.BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0));
            boolean[][] modules = new boolean[m.getHeight()][m.getWidth()];
            for (int y = 0; y < m.getHeight(); y++) {
                for (int x = 0; x < m.getWidth(); x++) {
                    modules[y][x] = m.get(x, y);
                }
            }
            return modules;
        } catch (WriterException e) {
            throw new IllegalStateException("a verification address always fits a QR code", e);
        }
    }

    private static String zh(LocalizedText t) {
        return Optional.ofNullable(t.values().get("zh-CN")).orElseGet(() -> t.values().values().stream().findFirst().orElse(""));
    }

    /** RFC 4648 Base32 without padding, upper case; decoding takes either case. */
    static final class Base32 {
        private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        private Base32() {
        }

        static String encode(byte[] data) {
            StringBuilder out = new StringBuilder();
            int buffer = 0;
            int bits = 0;
            for (byte b : data) {
                buffer = (buffer << 8) | (b & 0xff);
                bits += 8;
                while (bits >= 5) {
                    out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                    bits -= 5;
                }
            }
            if (bits > 0) {
                out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
            }
            return out.toString();
        }

        static Optional<byte[]> decode(String text) {
            if (text.length() > 64) {
                return Optional.empty();
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int buffer = 0;
            int bits = 0;
            for (char ch : text.toUpperCase(Locale.ROOT).toCharArray()) {
                int v = ALPHABET.indexOf(ch);
                if (v < 0) {
                    return Optional.empty();
                }
                buffer = (buffer << 5) | v;
                bits += 5;
                if (bits >= 8) {
                    out.write((buffer >> (bits - 8)) & 0xff);
                    bits -= 8;
                }
            }
            return Optional.of(out.toByteArray());
        }
    }
}
