package org.kaowu.load;

import java.nio.file.Path;
import java.util.List;

/**
 * Flame graphs of the platform's CPU samples in the load test's JFR recording (JFR is the JDK's), drawn by
 * async-profiler's converter (jfrconv, tools.profiler:jfr-converter): the whole run, the ticket-number
 * lookup and an enrollment step (the courses, the step with the most rule checks), each an HTML file
 * under target/load/.
 */
final class FlameGraphs {
    private FlameGraphs() {
    }

    static void write(Path jfr, Path dir) throws Exception {
        List<String[]> graphs = List.of(
                new String[] {"flame-all.html", "Kaowu under the load test: all CPU samples", null},
                // the lookup's request thread, and the writer that commits its audit entry and spends its human-check answer
                new String[] {"flame-lookup.html", "POST ticket-number-lookups (RegionResource.lookup) and its group commit (GroupCommitAudit.run)",
                        ".*(RegionResource\\.lookup|GroupCommitAudit\\.run).*"},
                new String[] {"flame-enrollment-step.html", "PUT enrollments/{id}/courses (EnrollmentResource.courses)",
                        ".*EnrollmentResource\\.courses.*"},
                new String[] {"flame-login.html", "POST sessions (login: bcrypt)", ".*CandidateSessionResource.*"});
        for (String[] g : graphs) {
            List<String> args = new java.util.ArrayList<>(List.of("--title", g[1]));
            if (g[2] != null) {
                args.addAll(List.of("-I", g[2]));
            }
            args.addAll(List.of(jfr.toString(), dir.resolve(g[0]).toString()));
            one.convert.Main.main(args.toArray(String[]::new));
            System.out.println("Flame graph: " + dir.resolve(g[0]));
        }
    }
}
