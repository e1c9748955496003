package org.kaowu.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;
import org.kaowu.api.ErrorCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The hand-written OpenAPI document cannot drift from the resources and the error codes. */
class OpenApiDocumentTest {
    private static final List<Class<?>> RESOURCES = List.of(HealthResource.class, RegionResource.class, OpenApiResource.class,
            CandidateSessionResource.class, CandidateSelfResource.class, PasswordRecoveryResource.class, StaffResource.class, OfficeResource.class,
            EnrollmentResource.class, EnrollmentStatisticsResource.class,
            PaymentCallbackResource.class, ReconciliationResource.class, ExamRoomResource.class, SeatAllocationResource.class,
            AccessibleSeatNeedResource.class, AdmissionNoticeResource.class, NoticeVerificationResource.class, OfficeQueueResource.class,
            CandidateHistoryResource.class, AuditSearchResource.class, StaffAdministrationResource.class, DailyActivityResource.class,
            ScoreLookupResource.class, CandidateScoresResource.class, RecheckResource.class, OfficeScoresResource.class, OfficeRecheckResource.class);

    private static JsonNode document() throws Exception {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(OpenApiResource.DOCUMENT)) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** "GET /regions/{code}" for every resource method. */
    private static Set<String> operations() {
        Set<String> ops = new TreeSet<>();
        for (Class<?> resource : RESOURCES) {
            String base = "/" + resource.getAnnotation(Path.class).value();
            for (Method m : resource.getDeclaredMethods()) {
                String verb = m.isAnnotationPresent(GET.class) ? "GET" : m.isAnnotationPresent(POST.class) ? "POST"
                        : m.isAnnotationPresent(jakarta.ws.rs.PUT.class) ? "PUT" : m.isAnnotationPresent(jakarta.ws.rs.DELETE.class) ? "DELETE" : null;
                if (verb == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                ops.add(verb + " " + base + (sub == null ? "" : "/" + sub.value()));
            }
        }
        return ops;
    }

    @Test
    void everyResourceMethodIsDocumentedAndNothingElse() throws Exception {
        JsonNode paths = document().path("paths");
        Set<String> documented = new TreeSet<>();
        paths.fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(
                verb -> documented.add(verb.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        assertThat(documented).isEqualTo(operations());
    }

    @Test
    void everyErrorCodeIsDocumented() throws Exception {
        List<String> documented = new ArrayList<>();
        document().path("components").path("schemas").path("Problem").path("properties").path("code").path("enum")
                .forEach(n -> documented.add(n.asText()));
        assertThat(documented).containsAll(Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toList()));
    }
}
