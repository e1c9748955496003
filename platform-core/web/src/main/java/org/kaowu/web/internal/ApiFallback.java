package org.kaowu.web.internal;

import java.io.IOException;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Answers what the REST runtime does not: while it starts (or restarts after a bundle update) every
 * /api/v1 request gets 503 problem+json with Retry-After, and any other /api path a 404 problem.
 * Clients never see an HTML error page or an empty 200 from the API's address space.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/*")
public final class ApiFallback extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        boolean starting = path.equals("/api/v1") || path.startsWith("/api/v1/");
        int status = starting ? 503 : 404;
        String code = starting ? "SERVICE_STARTING" : "NOT_FOUND";
        String detail = starting ? "The API is starting; try again shortly" : "No API at this path; the current API is /api/v1";
        if (starting) {
            response.setHeader("Retry-After", "1");
        }
        ProblemAnswer.write(response, status, starting ? "Service Unavailable" : "Not Found", code, detail);
    }
}
